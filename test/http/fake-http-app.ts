/**
 * The HTTP app alone, over in-memory users and express-session's MemoryStore, with health checks,
 * stores and the log stream in the test's hands: for outages and logging, which the real
 * composition cannot fake.
 */
import { Writable } from 'node:stream';
import session from 'express-session';
import { pino } from 'pino';
import { Accounts } from '../../src/chat/accounts';
import { Attachments } from '../../src/chat/attachments';
import { ChannelAccess } from '../../src/chat/channel-access';
import type { UserStore } from '../../src/chat/ports';
import { loadConfig } from '../../src/config';
import { createHttpApp } from '../../src/http/create-http-app';
import type { HealthChecks } from '../../src/chat/availability';
import { Engine } from '../../src/chat/engine';
import { BcryptHasher } from '../../src/security/password-hasher';
import { createMemoryStores } from '../../src/store/memory';
import { MemoryAttachmentStore } from '../../src/store/memory/attachment-store';

export type FakeHttpAppOptions = {
  checks?: Partial<HealthChecks>;
  /** Wraps the in-memory user store (to make it fail). */
  users?: (users: UserStore) => UserStore;
  sessionStore?: session.Store;
  env?: Record<string, string>;
};

export function createFakeHttpApp(options: FakeHttpAppOptions = {}) {
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_ROUNDS: '4',
    SESSION_SECRET: 'fake-secret-fake-secret-fake-secret',
    DATA_DIR: '/nonexistent',
    ...options.env,
  });
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  const memory = createMemoryStores();
  const users = options.users ? options.users(memory.users) : memory.users;
  const sessionStore = options.sessionStore ?? new session.MemoryStore();
  const endedSessions: string[] = [];
  const attachmentStore = new MemoryAttachmentStore();
  const { app } = createHttpApp({
    config,
    logger,
    accounts: new Accounts({ users, hasher: new BcryptHasher(config.bcryptRounds) }),
    attachments: new Attachments({
      store: attachmentStore,
      access: new ChannelAccess(memory.channels),
      clock: Date.now,
      maxBytes: config.uploadMaxBytes,
    }),
    engine: new Engine({ ...memory, users, logger }),
    sessionStore,
    // MemoryStore keeps no owners: the account page lists no other sessions here.
    sessionIndex: { sessionIdsOf: async () => [], forget: async () => {} },
    redis: undefined,
    redisPrefix: 'fake:',
    checks: { db: async () => {}, sessions: async () => {}, ...options.checks },
    onSessionEnded: (sessionId) => endedSessions.push(sessionId),
  });
  return { app, logLines, sessionStore, endedSessions, users, attachmentStore };
}

/** A user store whose every call fails the way the given function says. */
export function failingUsers(users: UserStore, fail: () => Error): UserStore {
  return new Proxy(users, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? () => Promise.reject(fail()) : value;
    },
  });
}
