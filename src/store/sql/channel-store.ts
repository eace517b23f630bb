/** ChannelStore over SQL: the everyone channel, direct channels (unique `direct_key`), rooms, members. */
import DataLoader from 'dataloader';
import { sql, type Kysely, type SqlBool } from 'kysely';
import { NameTakenError } from '../../chat/errors';
import type { ChannelStore, ReadRequest, SmallRoom } from '../../chat/ports';
import type { ChannelRecord, ChannelSummary } from '../../chat/records';
import { checkedLimit, directKey, idString, orderedPair, parseId, parsePosition } from '../ids';
import { listSummaries, summariesOf } from './channel-summaries';
import { isDuplicateKey } from './errors';
import { membersAmong, type Membership } from './memberships';
import { escapeLike, everyoneChannelId, latestMessageId } from './queries';
import { readsUpdate } from './read-positions';
import { toChannel } from './rows';
import type { Database } from './schema';

export class SqlChannelStore implements ChannelStore {
  /**
   * Membership checks of one turn as one query. Each message to a room of 40 brings 40 reads a
   * second later, each checked: one query apiece was a third of MariaDB's statements in the
   * 5,000-user mix, and its bursts queued everything else on the pool. Never cached across turns.
   */
  private readonly membership: DataLoader<Membership, boolean>;

  constructor(private readonly db: Kysely<Database>) {
    this.membership = new DataLoader((checks) => this.existing(checks), {
      cache: false,
      maxBatchSize: MAX_CHECKS_PER_QUERY,
      // After this turn's I/O callbacks, so that the events of many sockets share one query.
      batchScheduleFn: (run) => setImmediate(run),
    });
  }

  async getEveryone(): Promise<ChannelRecord> {
    const id = await everyoneChannelId(this.db);
    const row = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toChannel(row);
  }

  async get(channelId: string): Promise<ChannelRecord | undefined> {
    const key = parseId(channelId);
    if (key === undefined) return undefined;
    const row = await this.db.selectFrom('channels').selectAll().where('id', '=', key).executeTakeFirst();
    return row && toChannel(row);
  }

  async findOrCreateDirect(userA: string, userB: string, createdBy: string, now: number): Promise<ChannelRecord> {
    const pair = orderedPair(userA, userB);
    const low = requireId(pair[0]);
    const high = requireId(pair[1]);
    if (low === high) throw new RangeError('A direct channel needs two distinct users');
    const key = directKey(userA, userB);
    // No check-then-insert: the unique direct_key lets exactly one of concurrent callers create the row.
    await this.db
      .insertInto('channels')
      .orIgnore()
      .values({
        kind: 'direct',
        is_private: 1,
        direct_key: key,
        user_a: low,
        user_b: high,
        created_by: requireId(createdBy),
        created_at: now,
      })
      .execute();
    const row = await this.db.selectFrom('channels').selectAll().where('direct_key', '=', key).executeTakeFirst();
    if (!row) throw new Error('The direct channel could not be created (unknown user?)');
    const channelId = Number(row.id);
    // Also when the row already existed: a crash between the two inserts must not leave it memberless.
    await this.db
      .insertInto('channel_members')
      .orIgnore()
      .values([low, high].map((userId) => ({ channel_id: channelId, user_id: userId, last_read_id: 0, joined_at: now })))
      .execute();
    return toChannel(row);
  }

  async createRoom(input: {
    name: string;
    isPrivate: boolean;
    createdBy: string;
    memberIds: readonly string[];
    now: number;
  }): Promise<ChannelRecord> {
    const creator = requireId(input.createdBy);
    const members = [...new Set([creator, ...input.memberIds.map(requireId)])];
    const id = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('channels')
        .values({
          kind: 'room',
          name: input.name,
          // Private rooms do not take a name: only public names are unique.
          name_key: input.isPrivate ? null : input.name.toLowerCase(),
          is_private: input.isPrivate ? 1 : 0,
          created_by: creator,
          created_at: input.now,
        })
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          throw isDuplicateKey(error) ? new NameTakenError('room') : error;
        });
      const channelId = Number(inserted.insertId);
      await trx
        .insertInto('channel_members')
        .values(members.map((userId) => ({ channel_id: channelId, user_id: userId, last_read_id: 0, joined_at: input.now })))
        .execute();
      return channelId;
    });
    return {
      id: idString(id),
      kind: 'room',
      name: input.name,
      isPrivate: input.isPrivate,
      directPair: null,
      createdBy: idString(creator),
      createdAt: input.now,
    };
  }

  async findPublicRooms(query: string, limit: number): Promise<ChannelRecord[]> {
    const rows = await this.db
      .selectFrom('channels')
      .selectAll()
      .where('kind', '=', 'room')
      .where('is_private', '=', 0)
      .where(sql<SqlBool>`name_key like ${`%${escapeLike(query.toLowerCase())}%`} escape '!'`)
      .orderBy('name_key')
      .limit(checkedLimit(limit))
      .execute();
    return rows.map(toChannel);
  }

  isMember(channelId: string, userId: string): Promise<boolean> {
    const channel = parseId(channelId);
    const user = parseId(userId);
    if (channel === undefined || user === undefined) return Promise.resolve(false);
    return this.membership.load({ channelId: channel, userId: user });
  }

  /** For each membership, whether it exists: one query for the lot. */
  private async existing(memberships: readonly Membership[]): Promise<boolean[]> {
    const rows = await this.db
      .selectFrom('channel_members')
      .select(['channel_id', 'user_id'])
      .where(membersAmong(memberships))
      .execute();
    const found = new Set(rows.map((row) => `${Number(row.channel_id)}:${Number(row.user_id)}`));
    return memberships.map(({ channelId, userId }) => found.has(`${channelId}:${userId}`));
  }

  async memberIds(channelId: string): Promise<string[]> {
    const channel = parseId(channelId);
    if (channel === undefined) return [];
    const rows = await this.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channel).execute();
    return rows.map((row) => idString(row.user_id));
  }

  async addMember(channelId: string, userId: string, now: number): Promise<boolean> {
    const channel = requireId(channelId);
    const lastReadId = await latestMessageId(this.db, channel);
    const result = await this.db
      .insertInto('channel_members')
      .orIgnore()
      .values({ channel_id: channel, user_id: requireId(userId), last_read_id: lastReadId, joined_at: now })
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async removeMember(channelId: string, userId: string): Promise<boolean> {
    const channel = parseId(channelId);
    const user = parseId(userId);
    if (channel === undefined || user === undefined) return false;
    const result = await this.db
      .deleteFrom('channel_members')
      .where('channel_id', '=', channel)
      .where('user_id', '=', user)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listForUser(userId: string): Promise<ChannelSummary[]> {
    const user = parseId(userId);
    return user === undefined ? [] : listSummaries(this.db, user);
  }

  async summaryFor(channelId: string, userId: string): Promise<ChannelSummary | undefined> {
    const channel = parseId(channelId);
    const user = parseId(userId);
    if (channel === undefined || user === undefined) return undefined;
    const [summary] = await listSummaries(this.db, user, channel);
    return summary;
  }

  /**
   * Four statements for the whole batch, however many readers and channels: the members' positions
   * with their channels' newest ids, one UPDATE of those that move (only forward, and never past
   * the channel's newest message, so a made-up id cannot mark future messages read), and their
   * summaries (two statements). Before, each channel and position had its own UPDATE: the 5,000-user
   * mix on MariaDB ran about 60 a second, each its own commit. Two reads of one member and channel
   * count as one, at the further position, answered to the first of them.
   */
  async markReadMany(reads: readonly ReadRequest[]): Promise<(ChannelSummary | undefined)[]> {
    const targets = new Map<string, { channelId: number; userId: number; position: number; first: number }>();
    reads.forEach((read, index) => {
      const channelId = parseId(read.channelId);
      const userId = parseId(read.userId);
      if (channelId === undefined || userId === undefined || !/^\d+$/.test(read.messageId)) return;
      const key = `${channelId}:${userId}`;
      const known = targets.get(key);
      const position = Math.max(parsePosition(read.messageId), known?.position ?? 0);
      targets.set(key, { channelId, userId, position, first: known?.first ?? index });
    });
    if (targets.size === 0) return reads.map(() => undefined);
    const positions = await this.db
      .selectFrom('channel_members as cm')
      .select(['cm.channel_id', 'cm.user_id', 'cm.last_read_id'])
      .select((eb) =>
        eb
          .selectFrom('messages as m')
          .select((sub) => sub.fn.max('m.id').as('latest'))
          .whereRef('m.channel_id', '=', 'cm.channel_id')
          .as('latest'),
      )
      .where(membersAmong([...targets.values()], 'cm'))
      .execute();
    const moving = positions.flatMap((row) => {
      const target = targets.get(`${Number(row.channel_id)}:${Number(row.user_id)}`);
      if (!target) return [];
      const id = Math.min(target.position, Number(row.latest ?? 0));
      return id > Number(row.last_read_id) ? [{ ...target, id }] : [];
    });
    const update = readsUpdate(moving);
    if (update) await update.execute(this.db);
    const summaries = await summariesOf(this.db, moving);
    const answered = new Map(moving.map((target) => [target.first, `${target.channelId}:${target.userId}`]));
    return reads.map((_, index) => {
      const key = answered.get(index);
      return key === undefined ? undefined : summaries.get(key);
    });
  }

  async roomIdsForUser(userId: string): Promise<string[]> {
    const user = parseId(userId);
    if (user === undefined) return [];
    const rows = await this.db
      .selectFrom('channel_members as cm')
      .innerJoin('channels as c', 'c.id', 'cm.channel_id')
      .select('c.id')
      .where('cm.user_id', '=', user)
      .where('c.kind', '=', 'room')
      .execute();
    return rows.map((row) => idString(row.id));
  }

  async smallRoomsOf(userId: string, maxMembers: number): Promise<SmallRoom[]> {
    const roomIds = (await this.roomIdsForUser(userId)).map(requireId).sort((a, b) => a - b);
    const rooms: SmallRoom[] = [];
    for (let start = 0; start < roomIds.length; start += ROOMS_PER_STATEMENT) {
      const members = await this.boundedMembers(roomIds.slice(start, start + ROOMS_PER_STATEMENT), maxMembers + 1);
      for (const [roomId, memberIds] of members) {
        if (memberIds.length <= maxMembers) rooms.push({ roomId: idString(roomId), memberIds });
      }
    }
    return rooms;
  }

  /** At most `limit` members of each room, in one statement: one bounded index range per room. */
  private async boundedMembers(roomIds: readonly number[], limit: number): Promise<Map<number, string[]>> {
    const size = sql.lit(checkedLimit(limit, 100_000));
    const parts = roomIds.map(
      (roomId, index) =>
        sql`SELECT * FROM (SELECT channel_id, user_id FROM channel_members WHERE channel_id = ${roomId} LIMIT ${size}) ${sql.raw(`m${index}`)}`,
    );
    const result = await sql<{
      channel_id: string | number;
      user_id: string | number;
    }>`${sql.join(parts, sql` UNION ALL `)}`.execute(this.db);
    const members = new Map<number, string[]>(roomIds.map((roomId) => [roomId, []]));
    for (const row of result.rows) members.get(Number(row.channel_id))?.push(idString(row.user_id));
    return members;
  }
}

/** Membership checks per query. */
const MAX_CHECKS_PER_QUERY = 500;

/** Rooms whose members one statement reads (each a bounded range of the primary key). */
const ROOMS_PER_STATEMENT = 100;

/** Ids handed in by the domain for writes: an unusable one is a bug upstream, not "not found". */
function requireId(id: string): number {
  const key = parseId(id);
  if (key === undefined) throw new RangeError(`Not a valid id: ${id}`);
  return key;
}
