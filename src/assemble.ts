/**
 * The wiring main.ts and the tests share, so the tests run the very composition production runs:
 * the Engine, accounts and attachments over a set of stores, and the app around them.
 */
import type { Logger } from 'pino';
import { createApp, type App } from './app';
import { Accounts } from './chat/accounts';
import { Attachments } from './chat/attachments';
import { ChannelAccess } from './chat/channel-access';
import { Engine } from './chat/engine';
import type { Config } from './config';
import { BcryptHasher } from './security/password-hasher';
import type { Stores } from './store';

export type Assembled = { engine: Engine; accounts: Accounts; attachments: Attachments; app: App };

export function assemble(config: Config, logger: Logger, stores: Stores): Assembled {
  const engine = new Engine({ ...stores, logger });
  const accounts = new Accounts({
    users: stores.users,
    hasher: new BcryptHasher(config.bcryptRounds),
    registered: () => engine.userRegistered(),
  });
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
  });
  return { engine, accounts, attachments, app };
}
