/** Shared by the store tests: a silent logger, temporary folders, and the service URLs CI sets. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { pino } from 'pino';
import { createStores, type StoreOptions, type Stores } from '../../src/store';
import { createSqlStores, type SqlStores } from '../../src/store/sql';

export const MYSQL_URL = process.env.MYSQL_URL || undefined;
export const REDIS_URL = process.env.REDIS_URL || undefined;

export const silentLogger = pino({ level: 'silent' });

export function temporaryDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'chat-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Redis prefix no other run shares. */
export function randomPrefix(): string {
  return `test:store:${randomUUID()}:`;
}

export async function openStores(options: Partial<StoreOptions> = {}): Promise<Stores> {
  return createStores({
    dataDir: ':memory:',
    redisPrefix: randomPrefix(),
    processId: randomUUID(),
    logger: silentLogger,
    ...options,
  });
}

/**
 * A fresh MySQL database for one suite, dropped by `drop()`, so that store tests neither depend on
 * nor fill the shared database (other suites count its users). Falls back to MYSQL_URL itself,
 * with unique names doing the isolating, where the account may not create databases.
 */
export async function scratchMysqlUrl(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `chat_store_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(baseUrl);
  try {
    await admin.query(`create database \`${name}\` character set utf8mb4`);
  } catch {
    await admin.end();
    return { url: baseUrl, drop: async () => undefined };
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.query(`drop database if exists \`${name}\``);
      await admin.end();
    },
  };
}

/** Stores on a scratch MySQL database (see scratchMysqlUrl); close() also drops it. */
export async function openScratchMysqlStores(baseUrl: string, options: Partial<StoreOptions> = {}): Promise<Stores> {
  const scratch = await scratchMysqlUrl(baseUrl);
  try {
    const stores = await openStores({ ...options, mysqlUrl: scratch.url });
    return {
      ...stores,
      async close() {
        await stores.close();
        await scratch.drop();
      },
    };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

export type OpenedSql = { sql: SqlStores; close(): Promise<void> };

/**
 * Calls `describeFor` for SQLite in a temporary folder and, when CI sets MYSQL_URL, for a scratch
 * MySQL database: the suites that count a store's statements on each real database.
 */
export function forEachSqlDatabase(describeFor: (name: string, open: () => Promise<OpenedSql>) => void): void {
  describeFor('SQLite', async () => {
    const folder = temporaryDir();
    const sql = await createSqlStores({ dataDir: folder.dir, logger: silentLogger, migrate: true });
    return {
      sql,
      async close() {
        await sql.close();
        folder.remove();
      },
    };
  });
  const baseUrl = MYSQL_URL;
  if (!baseUrl) return;
  describeFor('MySQL', async () => {
    const scratch = await scratchMysqlUrl(baseUrl);
    const sql = await createSqlStores({ mysqlUrl: scratch.url, dataDir: ':memory:', logger: silentLogger, migrate: true });
    return {
      sql,
      async close() {
        await sql.close();
        await scratch.drop();
      },
    };
  });
}
