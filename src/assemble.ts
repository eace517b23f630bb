/**
 * The wiring main.ts and the tests share, so the tests run the very composition production runs:
 * the Engine, accounts and attachments over a set of stores, and the app around them.
 */
import type { Logger } from 'pino';
import { createApp, type App } from './app';
import { Accounts, type PasswordHasher } from './chat/accounts';
import { Attachments } from './chat/attachments';
import { ChannelAccess } from './chat/channel-access';
import { Engine } from './chat/engine';
import { NO_METRICS, type Metrics } from './chat/metrics';
import type { Config } from './config';
import type { MetricsEndpoint } from './http/metrics-routes';
import { BcryptHasher, BoundedHasher } from './security/password-hasher';
import type { Stores } from './store';

export type Assembled = { engine: Engine; accounts: Accounts; attachments: Attachments; app: App };

export type AssembleOptions = {
  metrics?: Metrics;
  /** Serve GET /metrics on the app's own port (METRICS_TOKEN without METRICS_PORT). */
  metricsEndpoint?: MetricsEndpoint;
  /** Instead of bcrypt (tests that must hold a hash in flight); still behind the hashing bound. */
  hasher?: PasswordHasher;
};

/** Sign-ins refused for want of a hashing slot are asked to come back after this long. */
const HASHING_RETRY_AFTER_SEC = 2;

export function assemble(config: Config, logger: Logger, stores: Stores, options: AssembleOptions = {}): Assembled {
  const metrics = options.metrics ?? NO_METRICS;
  const engine = new Engine({ ...stores, logger, metrics, largeSiteUsers: config.largeSiteUsers });
  const hasher = new BoundedHasher(options.hasher ?? new BcryptHasher(config.bcryptRounds), {
    ...config.passwordHashing,
    retryAfterSec: HASHING_RETRY_AFTER_SEC,
    onChange: (running, waiting) => metrics.hashing(running, waiting),
  });
  const accounts = new Accounts({ users: stores.users, hasher, registered: () => engine.userRegistered() });
  const attachments = new Attachments({
    store: stores.attachments,
    access: new ChannelAccess(stores.channels),
    clock: Date.now,
    maxBytes: config.uploadMaxBytes,
    logger,
  });
  const app = createApp({
    config,
    logger,
    engine,
    accounts,
    attachments,
    sessionStore: stores.sessionStore,
    sessionIndex: stores.sessionIndex,
    redis: stores.redis,
    redisPrefix: config.redisPrefix,
    checks: stores.checks,
    metrics,
    metricsEndpoint: options.metricsEndpoint,
  });
  return { engine, accounts, attachments, app };
}
