/**
 * MessageStore.search over the full-text index of migration 0003: FTS5 in SQLite, InnoDB FULLTEXT
 * in MySQL. The index yields the matching messages; the join keeps those of the user's channels.
 * Words reach the query as letters, digits and `_` only (shared/search.ts), each still quoted
 * (FTS5) or bounded by operators we add (InnoDB), so no input can become an operator.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { HistoryPage, MessageSearch } from '../../chat/records';
import { checkedLimit, parseId, parsePosition } from '../ids';
import type { SqlDialectName } from './db';
import { MESSAGE_COLUMN_LIST, readRecords } from './detailed-messages';
import type { Database } from './schema';

/** Every word as a prefix, all required: `"deploy"* "fri"*` (FTS5 ANDs phrases). */
export function fts5Query(words: readonly string[]): string {
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

/** Every word required, as a prefix: `+deploy* +fri*`. Boolean-mode operators are dropped from words first. */
export function booleanModeQuery(words: readonly string[]): string {
  return words.map((word) => `+${word.replace(/[-+<>()~*"@\s]/gu, '')}*`).join(' ');
}

type Filters = { user: number; channel: number | undefined; before: number | undefined; size: number };

export async function searchMessages(db: Kysely<Database>, dialect: SqlDialectName, search: MessageSearch): Promise<HistoryPage> {
  const size = checkedLimit(search.limit);
  const user = parseId(search.userId);
  const channel = search.channelId === undefined ? undefined : parseId(search.channelId);
  const unknownChannel = search.channelId !== undefined && channel === undefined;
  if (user === undefined || unknownChannel || search.words.length === 0) return { messages: [], hasMore: false };
  const filters: Filters = {
    user,
    channel,
    before: search.before === undefined ? undefined : parsePosition(search.before),
    size,
  };
  const matches = dialect === 'mysql' ? mysqlMatches(search.words, filters) : sqliteMatches(search.words, filters);
  const rows = await readRecords(db, matches, undefined, 'DESC');
  return { messages: rows.slice(0, size), hasMore: rows.length > size };
}

/**
 * CROSS JOIN fixes the order: the FTS5 table drives (its matches, newest first, seeking by rowid),
 * and each match looks up its message and the membership by primary key.
 */
function sqliteMatches(words: readonly string[], filters: Filters): RawBuilder<unknown> {
  const before = filters.before === undefined ? sql`` : sql`AND messages_fts.rowid < ${filters.before}`;
  const channel = filters.channel === undefined ? sql`` : sql`AND m.channel_id = ${filters.channel}`;
  return sql`(
    SELECT ${MESSAGE_COLUMN_LIST}
    FROM messages_fts
    CROSS JOIN messages AS m ON m.id = messages_fts.rowid
    CROSS JOIN channel_members AS cm ON cm.channel_id = m.channel_id AND cm.user_id = ${filters.user}
    WHERE messages_fts MATCH ${fts5Query(words)} AND m.deleted = 0 ${before} ${channel}
    ORDER BY messages_fts.rowid DESC
    LIMIT ${sql.lit(filters.size + 1)})`;
}

function mysqlMatches(words: readonly string[], filters: Filters): RawBuilder<unknown> {
  const before = filters.before === undefined ? sql`` : sql`AND m.id < ${filters.before}`;
  const channel = filters.channel === undefined ? sql`` : sql`AND m.channel_id = ${filters.channel}`;
  return sql`(
    SELECT ${MESSAGE_COLUMN_LIST}
    FROM messages AS m
    INNER JOIN channel_members AS cm ON cm.channel_id = m.channel_id AND cm.user_id = ${filters.user}
    WHERE MATCH (m.text) AGAINST (${booleanModeQuery(words)} IN BOOLEAN MODE) AND m.deleted = 0 ${before} ${channel}
    ORDER BY m.id DESC
    LIMIT ${sql.lit(filters.size + 1)})`;
}
