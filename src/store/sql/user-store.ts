/** UserStore over SQL. Usernames are unique through `username_key`, the name in lower case. */
import { sql, type Kysely, type SqlBool } from 'kysely';
import { NameTakenError } from '../../chat/errors';
import type { UserStore } from '../../chat/ports';
import type { UserRecord } from '../../chat/records';
import { checkedLimit, idString, parseId } from '../ids';
import { isDuplicateKey } from './errors';
import { escapeLike, everyoneChannelId, latestMessageId } from './queries';
import { toUser } from './rows';
import type { Database } from './schema';

export class SqlUserStore implements UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: { username: string; passwordHash: string; now: number }): Promise<UserRecord> {
    const everyoneId = await everyoneChannelId(this.db);
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('users')
          .values({
            username: input.username,
            username_key: input.username.toLowerCase(),
            password_hash: input.passwordHash,
            created_at: input.now,
          })
          .executeTakeFirstOrThrow();
        const userId = Number(inserted.insertId);
        await trx
          .insertInto('channel_members')
          .values({
            channel_id: everyoneId,
            user_id: userId,
            last_read_id: await latestMessageId(trx, everyoneId),
            joined_at: input.now,
          })
          .execute();
        return userId;
      });
      return {
        id: idString(id),
        username: input.username,
        nickname: null,
        passwordHash: input.passwordHash,
        createdAt: input.now,
        lastSeenAt: null,
      };
    } catch (error) {
      if (isDuplicateKey(error)) throw new NameTakenError('username');
      throw error;
    }
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username_key', '=', username.toLowerCase())
      .executeTakeFirst();
    return row && toUser(row);
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const key = parseId(id);
    if (key === undefined) return undefined;
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', key).executeTakeFirst();
    return row && toUser(row);
  }

  async findByIds(ids: readonly string[]): Promise<UserRecord[]> {
    const keys = [...new Set(ids.map(parseId).filter((key) => key !== undefined))];
    if (keys.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', keys).execute();
    return rows.map(toUser);
  }

  async findByUsernames(usernames: readonly string[]): Promise<UserRecord[]> {
    const keys = [...new Set(usernames.map((username) => username.toLowerCase()))];
    if (keys.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('username_key', 'in', keys).execute();
    return rows.map(toUser);
  }

  async searchByPrefix(prefix: string, limit: number): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<SqlBool>`username_key like ${`${escapeLike(prefix.toLowerCase())}%`} escape '!'`)
      .orderBy('username_key')
      .limit(checkedLimit(limit))
      .execute();
    return rows.map(toUser);
  }

  async list(limit: number): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .orderBy('username_key')
      .limit(checkedLimit(limit, 100_000))
      .execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async setNickname(id: string, nickname: string | null): Promise<void> {
    const key = parseId(id);
    if (key === undefined) return;
    await this.db.updateTable('users').set({ nickname }).where('id', '=', key).execute();
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    const key = parseId(id);
    if (key === undefined) return;
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', key).execute();
  }

  async setLastSeen(id: string, at: number): Promise<void> {
    const key = parseId(id);
    if (key === undefined) return;
    await this.db.updateTable('users').set({ last_seen_at: at }).where('id', '=', key).execute();
  }

  async partnerIds(userId: string): Promise<string[]> {
    const key = parseId(userId);
    if (key === undefined) return [];
    const rows = await this.db
      .selectFrom('channel_members as mine')
      .innerJoin('channels as c', 'c.id', 'mine.channel_id')
      .innerJoin('channel_members as other', 'other.channel_id', 'c.id')
      .select('other.user_id')
      .where('mine.user_id', '=', key)
      .where('c.kind', '=', 'direct')
      .where('other.user_id', '<>', key)
      .execute();
    return [...new Set(rows.map((row) => idString(row.user_id)))];
  }
}
