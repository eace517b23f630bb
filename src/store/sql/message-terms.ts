/**
 * MySQL's word index of messages (migration 0007): `message_terms` holds one row per (term,
 * channel, message), where the terms of a text are the starts of its words of TERM_LENGTHS code
 * points (3, 5, 7 and 10), folded as the search folds them (shared/search.ts). A search word is
 * looked up by its longest start of one of those lengths: every word starting with the search word
 * has that start stored too. The candidates are then checked against their text
 * (message-term-search.ts), which decides. Storing every start of 3 to 10 cost about 31 rows a
 * message (a send wrote its message once and its terms 31 times); these four lengths cost about half.
 *
 * A new message's rows are written after its send (message-term-indexer.ts): the send's
 * transaction only marks it pending (append-batch.ts), and search reads the pending messages too.
 * Edits and deletes change the rows in their own transaction, from the text they change
 * (message-actions.ts). SQLite keeps its FTS5 index by triggers instead, so everything here does
 * nothing there.
 */
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { codePointLength, foldWord, textWords } from '../../shared';
import { isMysql } from './db';
import type { Database } from './schema';

/** Longest stored term: longer words are looked up by their start only. */
export const TERM_MAX_LENGTH = 10;

/** The lengths of the starts stored, ascending; the first is the shortest search word (LIMITS.searchTermMin). */
export const TERM_LENGTHS: readonly number[] = [3, 5, 7, TERM_MAX_LENGTH];

/** Rows per INSERT: a 4,000-character message of distinct words makes a few thousand. */
const ROWS_PER_INSERT = 5000;

type Db = Kysely<Database> | Transaction<Database>;

/** The distinct terms of a text: the starts of each folded word of every length in TERM_LENGTHS it reaches. */
export function textTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const { word } of textWords(text)) {
    const points = Array.from(foldWord(word));
    for (const length of TERM_LENGTHS) {
      if (length > points.length) break;
      terms.add(points.slice(0, length).join(''));
    }
  }
  return [...terms];
}

/**
 * The term whose rows hold every message with a word starting with `word` (already folded): its
 * longest start of a stored length. Undefined when the word is too short to be indexed (folding
 * can shorten a word: "e" + accent).
 */
export function lookupTerm(word: string): string | undefined {
  const length = codePointLength(word);
  const stored = TERM_LENGTHS.filter((candidate) => candidate <= length).at(-1);
  return stored === undefined ? undefined : Array.from(word).slice(0, stored).join('');
}

type Indexed = { id: string | number; channelId: string | number; text: string };

/** Adds the rows of new messages (MySQL; nothing on SQLite), one INSERT for them all. Call in the transaction that inserts them. */
export async function indexNewMessages(db: Db, messages: readonly Indexed[]): Promise<void> {
  if (!isMysql(db)) return;
  const rows = messages.flatMap((message) =>
    textTerms(message.text).map((term) => ({ term, channel_id: Number(message.channelId), message_id: Number(message.id) })),
  );
  await insertTerms(db, rows);
}

/** Marks new messages (MySQL; nothing on SQLite) for the indexer, one INSERT for them all. Call in the transaction that inserts them. */
export async function markPending(db: Db, messages: readonly Omit<Indexed, 'text'>[]): Promise<void> {
  if (!isMysql(db) || messages.length === 0) return;
  await db
    .insertInto('message_terms_pending')
    .values(messages.map((message) => ({ message_id: Number(message.id), channel_id: Number(message.channelId) })))
    .execute();
}

/**
 * Writes the rows of up to `limit` pending messages, oldest first, and clears their marks, in one
 * transaction; returns how many it took, or 'busy' when another indexer of this database is at
 * work (one at a time, by a named lock: two would each wait on the other's marks). The messages
 * are locked, so an edit or delete of one waits, or holds it and it is skipped (SKIP LOCKED) and
 * taken next time: the text indexed is the text as it is then, and a tombstone gets no rows.
 * INSERT IGNORE: an edit of a pending message has already written the terms it gained.
 */
export async function indexPending(db: Kysely<Database>, limit: number): Promise<number | 'busy'> {
  // READ COMMITTED takes no gap locks: the scan locks the rows it returns, not the end of the
  // table where the sends insert their marks.
  return db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const { rows: lock } = await sql<{ got: number | null }>`
          SELECT GET_LOCK(CONCAT(DATABASE(), '.message_terms'), 0) AS got`.execute(trx);
      if (Number(lock[0]?.got) !== 1) return 'busy';
      try {
        return await indexLocked(trx, limit);
      } finally {
        await sql`SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.message_terms'))`.execute(trx);
      }
    });
}

async function indexLocked(trx: Transaction<Database>, limit: number): Promise<number> {
  const { rows } = await sql<{ message_id: string | number; channel_id: string | number; text: string; deleted: number }>`
    SELECT p.message_id, p.channel_id, m.text, m.deleted
    FROM message_terms_pending AS p JOIN messages AS m ON m.id = p.message_id
    ORDER BY p.message_id LIMIT ${sql.lit(limit)}
    FOR UPDATE SKIP LOCKED`.execute(trx);
  if (rows.length === 0) return 0;
  const live = rows.filter((row) => Number(row.deleted) === 0);
  await insertTerms(
    trx,
    live.flatMap((row) =>
      textTerms(row.text).map((term) => ({ term, channel_id: Number(row.channel_id), message_id: Number(row.message_id) })),
    ),
    'IGNORE',
  );
  await trx
    .deleteFrom('message_terms_pending')
    .where(
      'message_id',
      'in',
      rows.map((row) => Number(row.message_id)),
    )
    .execute();
  return rows.length;
}

/** A message whose text a batch changed: from what is stored (and indexed) to what it leaves ('' for a tombstone). */
export type TextChange = { messageId: number; channelId: number; before: string; after: string };

/**
 * Brings the rows of the changed messages in step with their new texts: one DELETE of the terms
 * they lose and one INSERT of those they gain, for the whole batch. Call in the transaction that
 * changes the texts, with the messages locked (message-actions.ts).
 */
export async function reindexChangedTexts(trx: Transaction<Database>, changes: readonly TextChange[]): Promise<void> {
  if (!isMysql(trx) || changes.length === 0) return;
  const lost: TermRow[] = [];
  const gained: TermRow[] = [];
  for (const { messageId, channelId, before, after } of changes) {
    const old = new Set(textTerms(before));
    const fresh = new Set(textTerms(after));
    const row = (term: string) => ({ term, channel_id: channelId, message_id: messageId });
    for (const term of old) if (!fresh.has(term)) lost.push(row(term));
    for (const term of fresh) if (!old.has(term)) gained.push(row(term));
  }
  await deleteTerms(trx, lost);
  await insertTerms(trx, gained);
}

type TermRow = { term: string; channel_id: number; message_id: number };

/** In key order: each statement then touches neighbouring index pages, and concurrent writers lock rows in one order. */
function byKey(a: TermRow, b: TermRow): number {
  if (a.term !== b.term) return a.term < b.term ? -1 : 1;
  return a.channel_id - b.channel_id || a.message_id - b.message_id;
}

/** The INSERT of `count` rows: written by hand, as building one of thousands of rows with Kysely cost more than running it. */
function insertText(count: number, modifier: '' | 'IGNORE'): string {
  return `INSERT ${modifier} INTO message_terms (term, channel_id, message_id) VALUES (?, ?, ?)${', (?, ?, ?)'.repeat(count - 1)}`;
}

async function insertTerms(db: Db, unordered: TermRow[], modifier: '' | 'IGNORE' = ''): Promise<void> {
  const rows = unordered.sort(byKey);
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const values = chunk.flatMap((row) => [row.term, row.channel_id, row.message_id]);
    await db.executeQuery(CompiledQuery.raw(insertText(chunk.length, modifier), values));
  }
}

/** Each row by its whole primary key, so the DELETE locks only those rows. */
async function deleteTerms(db: Db, unordered: TermRow[]): Promise<void> {
  const rows = unordered.sort(byKey);
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const keys = rows
      .slice(start, start + ROWS_PER_INSERT)
      .map((row) => sql`(term = ${row.term} AND channel_id = ${row.channel_id} AND message_id = ${row.message_id})`);
    await sql`DELETE FROM message_terms WHERE ${sql.join(keys, sql` OR `)}`.execute(db);
  }
}
