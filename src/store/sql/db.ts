/**
 * Opens the one SQL database the stores share: a mysql2 pool for MySQL/MariaDB (MYSQL_URL) or an
 * embedded better-sqlite3 file. Everything above this file is dialect-neutral Kysely.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteConnection from 'better-sqlite3';
import { Kysely, MysqlAdapter, MysqlDialect, SqliteAdapter, SqliteDialect, sql, type DialectAdapter } from 'kysely';
import { createPool } from 'mysql2';
import type { Database } from './schema';
import { enableWal } from './sqlite-wal';
import { CachingSqliteDatabase } from './statement-cache';

export type SqlDialectName = 'mysql' | 'sqlite';

/** The dialect of a Kysely instance or transaction, for the few statements that differ. */
export function isMysql(db: { getExecutor(): { adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

export type SqlDatabase = {
  db: Kysely<Database>;
  dialect: SqlDialectName;
  close(): Promise<void>;
};

export type SqlDatabaseOptions = {
  /** mysql://user:pass@host:port/db; unset: SQLite. */
  mysqlUrl?: string;
  /** Folder of `chat.sqlite`, created if missing; ':memory:' for a private in-memory database. */
  dataDir: string;
};

export const SQLITE_FILE = 'chat.sqlite';

export function openSqlDatabase(options: SqlDatabaseOptions): SqlDatabase {
  const db = options.mysqlUrl ? openMysql(options.mysqlUrl) : openSqlite(options.dataDir);
  return {
    db,
    dialect: options.mysqlUrl ? 'mysql' : 'sqlite',
    close: () => db.destroy(),
  };
}

function openMysql(url: string): Kysely<Database> {
  const pool = createPool({
    uri: url,
    // BIGINT ids stay exact: mysql2 answers them as decimal strings.
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: 'UTF8MB4_GENERAL_CI',
    connectionLimit: 10,
    connectTimeout: 5000,
    enableKeepAlive: true,
  });
  // MariaDB's JSON_ARRAYAGG (the details of a message, detailed-messages.ts) is cut at
  // group_concat_max_len, 1 MiB by default: a message with many thousands of reactions would be
  // cut into JSON that does not parse.
  pool.on('connection', (connection) => {
    connection.query('SET SESSION group_concat_max_len = 67108864');
  });
  return new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
}

/**
 * Kysely's SQLite adapter takes no migration lock (it assumes one process). Two processes starting
 * on one file would both run the migrations, so the lock here is the database's write lock:
 * BEGIN IMMEDIATE waits (busy_timeout) while another process migrates, then finds its work done.
 * (better-sqlite3 waits synchronously: two connections to one file in ONE process would block each
 * other until the timeout; separate processes are the case this serves.)
 */
class SqliteMigrationLockAdapter extends SqliteAdapter {
  private locked = false;

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin immediate`.execute(db);
    this.locked = true;
  }

  /** Kysely calls this even when acquiring failed (SQLITE_BUSY): only a lock we hold is released. */
  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    if (!this.locked) return;
    this.locked = false;
    await sql`commit`.execute(db);
  }
}

class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new SqliteMigrationLockAdapter();
  }
}

function openSqlite(dataDir: string): Kysely<Database> {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, SQLITE_FILE);
  }
  const connection = new SqliteConnection(file);
  connection.pragma('busy_timeout = 5000');
  if (file !== ':memory:') enableWal(connection);
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  const database = new CachingSqliteDatabase(connection);
  return new Kysely<Database>({ dialect: new LockingSqliteDialect({ database }) });
}
