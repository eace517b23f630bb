/**
 * The channel list of one user: each membership with its unread count, last message and member
 * names, newest activity first. Three statements whatever the number of channels (the
 * memberships, the channels' last messages, their names); the unread count is a range scan of
 * (channel_id, id) past the member's read position. The same statements describe a batch of
 * readers of many channels at once (`summariesOf`).
 */
import { sql, type Kysely } from 'kysely';
import type { ChannelSummary, MessageRecord } from '../../chat/records';
import { idString } from '../ids';
import { byNewestActivity } from '../ordering';
import { isMysql } from './db';
import { readByIds } from './detailed-messages';
import { membersAmong, type Membership } from './memberships';
import { toChannel } from './rows';
import type { ChannelRow, Database } from './schema';

type SummaryRow = ChannelRow & {
  user_id: string | number;
  last_read_id: string | number;
  last_message_id: string | number | null;
  unread: string | number | null;
  mentions: string | number | null;
  other_read_id: string | number | null;
};

/** Usernames aggregated as JSON text (MariaDB, SQLite) or already parsed (MySQL 8). */
function namesOf(value: unknown): string[] {
  if (value == null) return [];
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/**
 * Memberships with their counts. Every correlated subquery names the member by `cm.user_id`, so one
 * statement serves one user's list and a batch of readers of many channels alike.
 */
function membershipsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('channel_members as cm')
    .innerJoin('channels as c', 'c.id', 'cm.channel_id')
    .selectAll('c')
    .select(['cm.last_read_id', 'cm.user_id'])
    .select((eb) => [
      eb
        .selectFrom('messages as m')
        .select((sub) => sub.fn.max('m.id').as('latest'))
        .whereRef('m.channel_id', '=', 'c.id')
        .as('last_message_id'),
      eb
        .selectFrom('messages as m')
        .select((sub) => sub.fn.countAll().as('unread'))
        .whereRef('m.channel_id', '=', 'c.id')
        .whereRef('m.id', '>', 'cm.last_read_id')
        .whereRef('m.sender_id', '<>', 'cm.user_id')
        .as('unread'),
      eb
        .selectFrom('message_mentions as mm')
        .select((sub) => sub.fn.countAll().as('mentions'))
        .whereRef('mm.user_id', '=', 'cm.user_id')
        .whereRef('mm.channel_id', '=', 'c.id')
        .whereRef('mm.message_id', '>', 'cm.last_read_id')
        .as('mentions'),
      eb
        .selectFrom('channel_members as other')
        .select('other.last_read_id')
        .whereRef('other.channel_id', '=', 'c.id')
        .whereRef('other.user_id', '<>', 'cm.user_id')
        .where('c.kind', '=', 'direct')
        .limit(1)
        .as('other_read_id'),
    ]);
}

/** The memberships of `query`, with their counts and their channels' newest message ids. */
async function summaryRows(query: ReturnType<typeof membershipsQuery>): Promise<SummaryRow[]> {
  return (await query.execute()) as SummaryRow[];
}

/**
 * The newest message of each channel of `rows`, with its details, read once per channel: 500
 * readers of one `everyone` message share one. Joined into the memberships' statement, MariaDB
 * read the message's details (and its id, four times) once per membership.
 */
async function lastMessages(db: Kysely<Database>, rows: readonly SummaryRow[]): Promise<Map<number, MessageRecord>> {
  const ids = [...new Set(rows.flatMap((row) => (row.last_message_id == null ? [] : [Number(row.last_message_id)])))];
  return new Map((await readByIds(db, ids)).map(({ record }) => [Number(record.id), record]));
}

/**
 * The member names of each room and direct channel of `rows`, aggregated once per channel in one
 * statement of its own. Joined into the summaries' statement, MariaDB evaluated the aggregate once
 * per row and walked the everyone channel's members before dropping them: a batch of 497 readers
 * took 3.7 s and read 5 million rows at 5,000 users. The everyone channel lists no names.
 */
async function memberNames(db: Kysely<Database>, rows: readonly SummaryRow[]): Promise<Map<number, string[]>> {
  const channels = [...new Set(rows.filter((row) => row.kind !== 'everyone').map((row) => Number(row.id)))];
  const names = new Map<number, string[]>();
  if (channels.length === 0) return names;
  const agg = isMysql(db) ? 'JSON_ARRAYAGG' : 'json_group_array';
  const { rows: found } = await sql<{ channel_id: string | number; member_names: unknown }>`
    SELECT mc.channel_id, ${sql.raw(agg)}(mu.username ORDER BY mu.username_key) AS member_names
    FROM channel_members AS mc
    INNER JOIN users AS mu ON mu.id = mc.user_id
    WHERE mc.channel_id IN (${sql.join(channels)})
    GROUP BY mc.channel_id`.execute(db);
  for (const row of found) names.set(Number(row.channel_id), namesOf(row.member_names));
  return names;
}

/** Rows as summaries, with their channels' last messages and member names (two more statements). */
async function described(db: Kysely<Database>, rows: readonly SummaryRow[]): Promise<ChannelSummary[]> {
  // Both at once: on MySQL two connections of the pool, one round trip of waiting.
  const [last, names] = await Promise.all([lastMessages(db, rows), memberNames(db, rows)]);
  return rows.map((row) =>
    toSummary(
      row,
      row.last_message_id == null ? null : (last.get(Number(row.last_message_id)) ?? null),
      names.get(Number(row.id)) ?? [],
    ),
  );
}

function toSummary(row: SummaryRow, lastMessage: MessageRecord | null, names: string[]): ChannelSummary {
  const channel = toChannel(row);
  return {
    channel,
    unread: Number(row.unread ?? 0),
    lastReadId: idString(row.last_read_id),
    lastMessage,
    mentions: Number(row.mentions ?? 0),
    otherReadId: row.other_read_id == null ? '0' : idString(row.other_read_id),
    memberNames: channel.kind === 'everyone' ? null : names,
  };
}

/** All of the user's channels, or only `onlyChannel` (then direct channels without messages are kept). */
export async function listSummaries(db: Kysely<Database>, userId: number, onlyChannel?: number): Promise<ChannelSummary[]> {
  let query = membershipsQuery(db).where('cm.user_id', '=', userId);
  if (onlyChannel !== undefined) query = query.where('cm.channel_id', '=', onlyChannel);
  const rows = (await summaryRows(query)).filter(
    (row) =>
      onlyChannel !== undefined || row.kind !== 'direct' || row.last_message_id != null || Number(row.created_by) === userId,
  );
  return (await described(db, rows)).sort(byNewestActivity);
}

/** Each membership's summary, keyed `channelId:userId`; memberships that do not exist are absent. */
export async function summariesOf(
  db: Kysely<Database>,
  memberships: readonly Membership[],
): Promise<Map<string, ChannelSummary>> {
  const found = new Map<string, ChannelSummary>();
  if (memberships.length === 0) return found;
  const rows = await summaryRows(membershipsQuery(db).where(membersAmong(memberships, 'cm')));
  const summaries = await described(db, rows);
  rows.forEach((row, index) => found.set(`${Number(row.id)}:${Number(row.user_id)}`, summaries[index]!)); // same length
  return found;
}
