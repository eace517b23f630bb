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

export class CachingSqliteDatabase implements SqliteDatabase {
  // A Map iterates in insertion order: re-inserting on each use keeps the least recent first.
  private readonly statements = new Map<string, SqliteConnection.Statement>();

  constructor(
    private readonly database: SqliteConnection.Database,
    private readonly capacity = DEFAULT_STATEMENT_CACHE_SIZE,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('The statement cache needs room for one statement');
  }

  /** Statements held now (for tests and diagnostics). */
  get size(): number {
    return this.statements.size;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.statements.get(sql);
    if (cached?.busy) return this.database.prepare(sql);
    this.statements.delete(sql);
    // A statement SQLite refuses to prepare throws here and is not cached.
    const statement = cached ?? this.database.prepare(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > this.capacity) {
      const [oldest] = this.statements.keys();
      // better-sqlite3 finalizes a statement when it is garbage collected or the database closes.
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.database.close();
  }
}
