/**
 * Kysely's SQLite driver calls `prepare(sql)` for every query it runs, and preparing (parsing and
 * planning in SQLite) was about a tenth of the server's CPU in the bench's profile. This wrapper
 * keeps the most recently used statements by SQL text, so a query the server runs again reuses its
 * compiled statement.
 *
 * A better-sqlite3 statement is reusable: each `run`/`all` binds its own parameters and resets the
 * statement when done. The one exception is a statement still being iterated (`busy`): it cannot
 * run again until the iteration ends, so a query that meets its statement busy gets a fresh one.
 */
import type SqliteConnection from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Statements kept. Batch sizes give the group commit's statements many texts, so room for them too. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 500;
/**
 * SQL text kept, in characters. A compiled statement holds about 20 bytes per character of its
 * text, and the group commit's statements grow with their batch (a read-position UPDATE of 256
 * senders is 25,000 characters): 500 of them held 100 MB or more that was never given back.
 * This keeps the cache near 10 MB; a statement longer than a tenth of it is prepared each time.
 */
export const DEFAULT_STATEMENT_CACHE_CHARS = 512 * 1024;

export class CachingSqliteDatabase implements SqliteDatabase {
  // A Map iterates in insertion order: re-inserting on each use keeps the least recent first.
  private readonly statements = new Map<string, SqliteConnection.Statement>();
  private chars = 0;

  constructor(
    private readonly database: SqliteConnection.Database,
    private readonly capacity = DEFAULT_STATEMENT_CACHE_SIZE,
    private readonly maxChars = DEFAULT_STATEMENT_CACHE_CHARS,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('The statement cache needs room for one statement');
  }

  /** Statements held now (for tests and diagnostics). */
  get size(): number {
    return this.statements.size;
  }

  /** Characters of SQL held now (for tests and diagnostics). */
  get heldChars(): number {
    return this.chars;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.statements.get(sql);
    if (cached?.busy) return this.database.prepare(sql);
    // A statement SQLite refuses to prepare throws here and is not cached.
    if (!cached && sql.length > this.maxChars / 10) return this.database.prepare(sql);
    const statement = cached ?? this.database.prepare(sql);
    if (cached) this.statements.delete(sql);
    else this.chars += sql.length;
    this.statements.set(sql, statement);
    while (this.statements.size > this.capacity || this.chars > this.maxChars) {
      const [oldest] = this.statements.keys();
      if (oldest === undefined) break;
      // better-sqlite3 finalizes a statement when it is garbage collected or the database closes.
      this.statements.delete(oldest);
      this.chars -= oldest.length;
    }
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.chars = 0;
    this.database.close();
  }
}
