/**
 * MySQL's own word index of messages (December 2026), replacing the InnoDB FULLTEXT index of 0003.
 *
 * InnoDB answers a FULLTEXT match by collecting every matching document before ORDER BY and LIMIT
 * apply, so a search for a common word cost in proportion to its matches (49.7 ms p99 at 1 million
 * messages). `message_terms` is keyed (term, channel, message): a search walks one term's rows in
 * one channel newest first and stops at the page, like history (see message-term-search.ts).
 * The terms are computed in the application (message-terms.ts) and written in the transaction that
 * changes the message. Messages stored before are indexed here; the FULLTEXT index is dropped, so
 * a send pays for one index, not two. SQLite keeps FTS5 (0003): nothing changes there.
 */
import { sql, type Kysely } from 'kysely';
import { isMysql } from '../db';
import { TERM_MAX_LENGTH, indexNewMessages } from '../message-terms';
import type { Database } from '../schema';

const BACKFILL_BATCH = 2000;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isMysql(db)) return;
  // utf8mb4_bin: terms are folded already (shared/search.ts foldWord), so compare them exactly.
  await sql`CREATE TABLE message_terms (
    term VARCHAR(${sql.lit(TERM_MAX_LENGTH)}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    channel_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    PRIMARY KEY (term, channel_id, message_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);
  await backfill(db);
  await sql`ALTER TABLE messages DROP INDEX messages_text_ft`.execute(db);
}

/** The terms of every live message, a batch of messages at a time in id order. */
async function backfill(db: Kysely<unknown>): Promise<void> {
  for (let after = 0; ;) {
    const { rows } = await sql<{ id: string | number; channel_id: string | number; text: string }>`
      SELECT id, channel_id, text FROM messages WHERE id > ${after} AND deleted = 0
      ORDER BY id LIMIT ${sql.lit(BACKFILL_BATCH)}`.execute(db);
    const last = rows.at(-1);
    if (!last) return;
    // The same rows as a send writes; the table exists now, so the schema's type holds for it.
    await indexNewMessages(
      db as unknown as Kysely<Database>,
      rows.map((row) => ({ id: row.id, channelId: row.channel_id, text: row.text })),
    );
    after = Number(last.id);
  }
}

/** Back to 0003's FULLTEXT index (built as 0003 built it: without the stopword list). */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isMysql(db)) return;
  await sql`SET SESSION innodb_ft_enable_stopword = 0`.execute(db);
  try {
    await sql`ALTER TABLE messages ADD FULLTEXT INDEX messages_text_ft (text)`.execute(db);
  } finally {
    await sql`SET SESSION innodb_ft_enable_stopword = DEFAULT`.execute(db);
  }
  await sql`DROP TABLE message_terms`.execute(db);
}
