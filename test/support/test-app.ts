/**
 * createTestApp: the real composition (stores, Engine, Accounts, HTTP, Socket.IO) on port 0.
 * Stores follow the environment like production: MySQL and Redis when MYSQL_URL / REDIS_URL are
 * set (CI runs the suite both ways), embedded SQLite in a temporary folder otherwise.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type http from 'node:http';
import type { App } from '../../src/app';
import { assemble } from '../../src/assemble';
import type { PasswordHasher } from '../../src/chat/accounts';
import type { Attachments } from '../../src/chat/attachments';
import type { Engine } from '../../src/chat/engine';
import { loadConfig, type Config } from '../../src/config';
import { listen } from '../../src/listen';
import { createMetrics, serveMetricsPort } from '../../src/metrics';
import { createStores, type Stores } from '../../src/store';

export type TestApp = App & {
  url: string;
  config: Config;
  stores: Stores;
  engine: Engine;
  attachments: Attachments;
  /** Set with METRICS_PORT: where GET /metrics is served, on 127.0.0.1. */
  metricsUrl?: string;
  stop(): Promise<void>;
};

export type TestAppOptions = {
  /** Environment overrides, as strings, on top of the test defaults. */
  env?: Record<string, string>;
  /** Reuse a data folder (restart tests); default: a fresh temporary one. */
  dataDir?: string;
  /** Reuse a Redis prefix (restart tests, several processes); default: a fresh one. */
  redisPrefix?: string;
  /** Listen on this port (restart tests reopen the same address); default 0, any free port. */
  port?: number;
  /** Instead of bcrypt, behind the same hashing bound (tests that hold hashes in flight). */
  hasher?: PasswordHasher;
};

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  BCRYPT_ROUNDS: '4',
  LOG_LEVEL: 'silent',
  SESSION_SECRET: 'test-secret-test-secret-test-secret',
  REGISTER_MAX_PER_HOUR: '100000',
  LOGIN_MAX_FAILURES: '1000',
  MESSAGE_RATE: '1000',
  MESSAGE_BURST: '1000',
  // In services mode every suite shares one database, which passes 500 users in a full run: only the
  // suites about large sites see one, each on a database of its own (they set it back to 500).
  LARGE_SITE_USERS: '100000',
};

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'chat-test-'));
  const redisPrefix = options.redisPrefix ?? `test:${randomUUID()}:`;
  const config = loadConfig({
    ...TEST_ENV,
    MYSQL_URL: process.env.MYSQL_URL ?? '',
    REDIS_URL: process.env.REDIS_URL ?? '',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ...options.env,
    REDIS_PREFIX: redisPrefix,
  });
  const logger = pino({ level: config.logLevel });
  const { metrics, endpoint } = createMetrics(config.metrics);
  const stores = await createStores({
    metrics,
    mysqlUrl: config.mysqlUrl,
    redisUrl: config.redisUrl,
    dataDir: config.dataDir,
    redisPrefix,
    processId: randomUUID(),
    logger,
  });
  const { engine, attachments, app } = assemble(config, logger, stores, {
    metrics,
    metricsEndpoint: endpoint?.port === undefined ? endpoint : undefined,
    hasher: options.hasher,
  });
  let metricsServer: http.Server | undefined;
  try {
    await listen(app.httpServer, options.port ?? 0, '127.0.0.1'); // rejects on EADDRINUSE, never waits forever
    if (endpoint?.port !== undefined) metricsServer = await serveMetricsPort(endpoint, endpoint.port);
  } catch (error) {
    await app.close();
    await engine.close();
    await stores.close();
    throw error;
  }
  const { port } = app.httpServer.address() as AddressInfo; // listening on TCP: always an AddressInfo
  const url = `http://127.0.0.1:${port}`;
  const metricsAddress = metricsServer?.address() as AddressInfo | undefined; // listening on TCP when set
  return {
    ...app,
    url,
    config,
    stores,
    engine,
    attachments,
    metricsUrl: metricsAddress && `http://127.0.0.1:${metricsAddress.port}`,
    async stop() {
      metricsServer?.close();
      await app.close();
      await engine.close();
      await stores.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
