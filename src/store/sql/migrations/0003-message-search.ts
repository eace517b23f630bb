/**
 * Full-text search of messages (December 2026), kept in step by the database itself.
 *
 * SQLite: an FTS5 table over `messages.text` (external content: the text is not stored twice),
 * filled by triggers on insert, update of the text and delete. unicode61 folds case for all of
 * Unicode and, with `remove_diacritics 2`, ignores diacritics; `_` is part of words, as in InnoDB.
 * Prefix indexes for 3–6 characters: every search word is a prefix query, which FTS5 otherwise
 * answers by merging the doclists of every word with that prefix (9 ms for a word in each of
 * 100,000 messages); with the index it reads one doclist newest first and stops at the page's
 * end (0.1 ms). It costs about twice the index writes per message.
 *
 * MySQL/MariaDB: an InnoDB FULLTEXT index on `messages.text`, which InnoDB keeps in step on commit.
 * The tables are utf8mb4_bin (CI creates its database so too), where a full-text match would be
 * case-sensitive: the column gets utf8mb4_unicode_ci, which ignores case and diacritics for all of
 * Unicode, like FTS5 above. The index is built without InnoDB's stopword list (a setting read when
 * the index is made), so that "where" or "about" can be found as in SQLite.
 *
 * Tombstones have the text "", so they hold no words and never match.
 */
import { MysqlAdapter, sql, type Kysely } from 'kysely';

function isMysql(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isMysql(db)) await upMysql(db);
  else await upSqlite(db);
}

/** Kysely runs a MySQL migration on one connection, so the session setting holds for the index. */
async function upMysql(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE messages MODIFY text TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL`.execute(db);
  await sql`SET SESSION innodb_ft_enable_stopword = 0`.execute(db);
  try {
    await sql`ALTER TABLE messages ADD FULLTEXT INDEX messages_text_ft (text)`.execute(db);
  } finally {
    await sql`SET SESSION innodb_ft_enable_stopword = DEFAULT`.execute(db);
  }
}

async function upSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content='messages', content_rowid='id', prefix='3 4 5 6',
    tokenize="unicode61 remove_diacritics 2 tokenchars '_'")`.execute(db);
  await sql`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
  END`.execute(db);
  await sql`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END`.execute(db);
  await sql`CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
  END`.execute(db);
  // Messages stored before this migration.
  await sql`INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isMysql(db)) {
    await sql`ALTER TABLE messages DROP INDEX messages_text_ft`.execute(db);
    await sql`ALTER TABLE messages MODIFY text TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`.execute(db);
    return;
  }
  for (const trigger of ['messages_fts_update', 'messages_fts_delete', 'messages_fts_insert']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS messages_fts`.execute(db);
}
