/**
 * The channel list of one user: each membership with its unread count, last message and member
 * names, newest activity first. One statement whatever the number of channels; the unread count
 * is a range scan of (channel_id, id) past the member's read position. The same statement
 * describes a batch of readers of many channels at once (`summariesOf`).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ChannelSummary } from '../../chat/records';
import { idString } from '../ids';
import { byNewestActivity } from '../ordering';
import { isMysql } from './db';
import { DETAIL_JOINS, detailColumns, toDetailed } from './detailed-messages';
import { toChannel } from './rows';
import type { ChannelRow, Database } from './schema';

type SummaryRow = ChannelRow & {
  last_read_id: string | number;
  last_message_id: string | number | null;
  unread: string | number | null;
  mentions: string | number | null;
  other_read_id: string | number | null;
  member_names: unknown;
} & Record<string, unknown>;

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

/**
 * The memberships of `query` with their last message (details prefixed `lm_`) and member names
 * joined to each row: one statement, whatever the number of channels. The names are aggregated
 * once per channel of `channels` (a derived table), not once per membership: forty readers of one
 * room read its fifty names once, where they read them forty times (2,000 rows, about 100 ms on
 * MariaDB for a batch of reads at 5,000 users).
 */
async function summaryRows(
  db: Kysely<Database>,
  query: ReturnType<typeof membershipsQuery>,
  channels: RawBuilder<unknown>,
): Promise<SummaryRow[]> {
  const agg = isMysql(db) ? 'JSON_ARRAYAGG' : 'json_group_array';
  const { rows } = await sql<SummaryRow>`
    SELECT s.*, ${detailColumns(db, 'lm_')}, names.member_names
    FROM (${query}) AS s
    LEFT JOIN messages AS m ON m.id = s.last_message_id
    ${DETAIL_JOINS}
    LEFT JOIN (
      SELECT mc.channel_id, ${sql.raw(agg)}(mu.username ORDER BY mu.username_key) AS member_names
      FROM channel_members AS mc
      INNER JOIN users AS mu ON mu.id = mc.user_id
      INNER JOIN channels AS nc ON nc.id = mc.channel_id AND nc.kind <> 'everyone'
      WHERE mc.channel_id IN (${channels})
      GROUP BY mc.channel_id) AS names ON names.channel_id = s.id`.execute(db);
  return rows;
}

function toSummary(row: SummaryRow): ChannelSummary {
  const channel = toChannel(row);
  return {
    channel,
    unread: Number(row.unread ?? 0),
    lastReadId: idString(row.last_read_id),
    lastMessage: row.last_message_id == null ? null : toDetailed(row, 'lm_').record,
    mentions: Number(row.mentions ?? 0),
    otherReadId: row.other_read_id == null ? '0' : idString(row.other_read_id),
    memberNames: channel.kind === 'everyone' ? null : namesOf(row.member_names),
  };
}

/** All of the user's channels, or only `onlyChannel` (then direct channels without messages are kept). */
export async function listSummaries(db: Kysely<Database>, userId: number, onlyChannel?: number): Promise<ChannelSummary[]> {
  let query = membershipsQuery(db).where('cm.user_id', '=', userId);
  if (onlyChannel !== undefined) query = query.where('cm.channel_id', '=', onlyChannel);
  const channels =
    onlyChannel !== undefined ? sql`${onlyChannel}` : sql`SELECT channel_id FROM channel_members WHERE user_id = ${userId}`;
  const rows = (await summaryRows(db, query, channels)).filter(
    (row) =>
      onlyChannel !== undefined || row.kind !== 'direct' || row.last_message_id != null || Number(row.created_by) === userId,
  );
  return rows.map(toSummary).sort(byNewestActivity);
}

export type Membership = { channelId: number; userId: number };

/**
 * Members grouped by channel: `channel_id = ? and user_id in (...)` per channel is a range scan
 * of the primary key on MySQL as on SQLite, where a long OR of (channel, user) pairs cost MariaDB
 * several times as much for 250 readers.
 */
export function byChannel(memberships: readonly Membership[]): Map<number, number[]> {
  const grouped = new Map<number, number[]>();
  for (const { channelId, userId } of memberships) grouped.set(channelId, [...(grouped.get(channelId) ?? []), userId]);
  return grouped;
}

/** Each membership's summary, keyed `channelId:userId`; memberships that do not exist are absent. */
export async function summariesOf(
  db: Kysely<Database>,
  memberships: readonly Membership[],
): Promise<Map<string, ChannelSummary>> {
  const found = new Map<string, ChannelSummary>();
  if (memberships.length === 0) return found;
  const query = membershipsQuery(db).where((eb) =>
    eb.or(
      [...byChannel(memberships)].map(([channelId, userIds]) =>
        eb.and([eb('cm.channel_id', '=', channelId), eb('cm.user_id', 'in', userIds)]),
      ),
    ),
  );
  const channels = sql.join([...new Set(memberships.map((membership) => membership.channelId))]);
  for (const row of await summaryRows(db, query, channels)) found.set(`${Number(row.id)}:${Number(row.user_id)}`, toSummary(row));
  return found;
}
