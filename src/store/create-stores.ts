/**
 * createStores: SQL stores on MySQL (mysqlUrl) or embedded SQLite, and presence, typing and sessions
 * in Redis (redisUrl) or, without it, in this process and the SQL database.
 */
import { withinDeadline } from '../chat/availability';
import { StoreUnavailableError } from '../chat/errors';
import type { Backend } from '../chat/metrics';
import { MemoryPresenceStore } from './memory/presence-store';
import { MemoryTypingStore } from './memory/typing-store';
import { createRedisStores } from './redis';
import { createSqlStores } from './sql';
import type { StoreOptions, Stores } from './index';

/** A health check that does not answer within this long counts as down. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Writer lanes on MySQL: commits of different channels overlap (MariaDB's fsyncs with them), and
 * with a pool of 10 connections reads keep the rest. Each lane's batches are smaller, so CPU per
 * message grows: on 2 cores 4 lanes cost the server about a tenth more CPU per message than 1, and
 * 2 keep a commit in flight while the next batch forms (docs/performance.md, 6 December).
 * MYSQL_WRITE_LANES sets it. SQLite has one connection, so one lane.
 */
const MYSQL_WRITE_LANES = 2;

function withTimeout(check: () => Promise<void>, what: string): () => Promise<void> {
  return () => withinDeadline(check(), CHECK_TIMEOUT_MS, what);
}

/**
 * Opens the backends and, unless `migrate: false`, brings the schema up to date first. Throws
 * StoreUnavailableError when a backend cannot be reached, having closed whatever it had opened.
 */
export async function createStores(options: StoreOptions): Promise<Stores> {
  const { metrics } = options;
  const failed = (backend: Backend) => (error: Error) =>
    metrics?.backendError(backend, error instanceof StoreUnavailableError ? 'unavailable' : 'failed');
  const sql = await createSqlStores({
    mysqlUrl: options.mysqlUrl,
    dataDir: options.dataDir,
    logger: options.logger,
    migrate: options.migrate ?? true,
    onFailure: failed('database'),
  });
  const common = {
    users: sql.users,
    channels: sql.channels,
    messages: sql.messages,
    attachments: sql.attachments,
    roomEvents: sql.roomEvents,
    writeLanes: sql.database.dialect === 'mysql' ? (options.mysqlWriteLanes ?? MYSQL_WRITE_LANES) : 1,
  };

  if (options.redisUrl) {
    const redis = await createRedisStores({
      url: options.redisUrl,
      prefix: options.redisPrefix,
      processId: options.processId,
      logger: options.logger,
      onFailure: failed('redis'),
      onConnectionError: () => metrics?.backendError('redis', 'connection'),
    }).catch(async (error: unknown) => {
      await sql.close();
      throw error;
    });
    return {
      ...common,
      presence: redis.presence,
      typing: redis.typing,
      sessionStore: redis.sessionStore,
      sessionIndex: redis.sessionStore,
      redis: redis.client,
      checks: { db: withTimeout(sql.check, 'The database'), sessions: withTimeout(redis.check, 'Redis') },
      async close() {
        await Promise.allSettled([redis.close(), sql.close()]);
      },
    };
  }

  const sessionStore = sql.createSessionStore();
  return {
    ...common,
    presence: new MemoryPresenceStore(),
    typing: new MemoryTypingStore(),
    sessionStore,
    sessionIndex: sessionStore,
    redis: undefined,
    checks: {
      db: withTimeout(sql.check, 'The database'),
      sessions: withTimeout(() => sessionStore.check(), 'The session table'),
    },
    async close() {
      sessionStore.close();
      await sql.close();
    },
  };
}
