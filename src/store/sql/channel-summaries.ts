/**
 * The channel list of one user: each membership with its unread count, last message and member
 * names, newest activity first. One statement whatever the number of channels; the unread count
 * is a range scan of (channel_id, id) past the member's read position.
 */
import { sql, type Kysely } from 'kysely';
import type { ChannelSummary } from '../../chat/records';
import { idString } from '../ids';
import { byNewestActivity } from '../ordering';
import { DETAIL_JOINS, detailColumns, isMysql, toDetailed } from './detailed-messages';
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

/** All of the user's channels, or only `onlyChannel` (then direct channels without messages are kept). */
export async function listSummaries(db: Kysely<Database>, userId: number, onlyChannel?: number): Promise<ChannelSummary[]> {
  let query = db
    .selectFrom('channel_members as cm')
    .innerJoin('channels as c', 'c.id', 'cm.channel_id')
    .selectAll('c')
    .select('cm.last_read_id')
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
        .where('m.sender_id', '<>', userId)
        .as('unread'),
      eb
        .selectFrom('message_mentions as mm')
        .select((sub) => sub.fn.countAll().as('mentions'))
        .where('mm.user_id', '=', userId)
        .whereRef('mm.channel_id', '=', 'c.id')
        .whereRef('mm.message_id', '>', 'cm.last_read_id')
        .as('mentions'),
      eb
        .selectFrom('channel_members as other')
        .select('other.last_read_id')
        .whereRef('other.channel_id', '=', 'c.id')
        .where('other.user_id', '<>', userId)
        .where('c.kind', '=', 'direct')
        .limit(1)
        .as('other_read_id'),
    ])
    .where('cm.user_id', '=', userId);
  if (onlyChannel !== undefined) query = query.where('cm.channel_id', '=', onlyChannel);
  const agg = isMysql(db) ? 'JSON_ARRAYAGG' : 'json_group_array';
  // The last message with its details, and the member names, joined to each summary row: one
  // statement for the whole list (the detailed columns are prefixed `lm_`).
  const { rows } = await sql<SummaryRow>`
    SELECT s.*, ${detailColumns(db, 'lm_')},
      CASE WHEN s.kind = 'everyone' THEN NULL ELSE (
        SELECT ${sql.raw(agg)}(mu.username ORDER BY mu.username_key)
        FROM channel_members AS mc INNER JOIN users AS mu ON mu.id = mc.user_id
        WHERE mc.channel_id = s.id) END AS member_names
    FROM (${query}) AS s
    LEFT JOIN messages AS m ON m.id = s.last_message_id
    ${DETAIL_JOINS}`.execute(db);
  const summaries = rows
    .filter(
      (row) =>
        onlyChannel !== undefined || row.kind !== 'direct' || row.last_message_id != null || Number(row.created_by) === userId,
    )
    .map((row): ChannelSummary => {
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
    });
  return summaries.sort(byNewestActivity);
}
