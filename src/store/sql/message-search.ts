/**
 * MessageStore.search: over SQLite's FTS5 index (migration 0003), or MySQL's `message_terms`
 * (migration 0007, message-term-search.ts). The index yields the matching messages; only those of
 * the user's channels are kept. Words reach the query as letters, digits and `_` only
 * (shared/search.ts), each still quoted for FTS5 and bound as a parameter for MySQL.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { HistoryPage, MessageSearch } from '../../chat/records';
import { checkedLimit, parseId, parsePosition } from '../ids';
import type { SqlDialectName } from './db';
import { MESSAGE_COLUMN_LIST, readRecords } from './detailed-messages';
import { termSearchRows, type TermFilters } from './message-term-search';
import type { Database } from './schema';

/** Every word as a prefix, all required: `"deploy"* "fri"*` (FTS5 ANDs phrases). */
export function fts5Query(words: readonly string[]): string {
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

type Filters = TermFilters;

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
  const rows =
    dialect === 'mysql'
      ? await termSearchRows(db, search.words, filters)
      : await readRecords(db, sqliteMatches(search.words, filters), undefined, 'DESC');
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
