/**
 * MySQL's word index is written after the send, not in it (message-term-indexer.ts): a send stores
 * one row here, in its own transaction, and the indexer turns it into the message's terms later.
 * Writing about 16 term rows a message at random places of `message_terms` in the send's
 * transaction halved the MySQL knee (docs/performance.md, 6 December); one row here, appended at
 * the end of its key, costs little. Search reads this table too, so a message is found from its ack on.
 */
import { sql, type Kysely } from 'kysely';
import { isMysql } from '../db';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isMysql(db)) return;
  await sql`CREATE TABLE message_terms_pending (
    message_id BIGINT NOT NULL PRIMARY KEY,
    channel_id BIGINT NOT NULL,
    KEY message_terms_pending_channel_idx (channel_id, message_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isMysql(db)) return;
  await sql`DROP TABLE message_terms_pending`.execute(db);
}
