/** createStores: which backends it picks, its health checks, closing, and refusing unreachable services. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import session, { type SessionData } from 'express-session';
import { StoreUnavailableError } from '../../src/chat/errors';
import { MemoryPresenceStore } from '../../src/store/memory/presence-store';
import { SqlSessionStore } from '../../src/store/sql/session-store';
import { MYSQL_URL, REDIS_URL, openStores, randomPrefix, temporaryDir } from './support';

async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(StoreUnavailableError);
}

describe('createStores', () => {
  it('embeds SQLite in dataDir, with in-process presence and sessions in the database', async () => {
    const folder = temporaryDir();
    const dataDir = path.join(folder.dir, 'nested', 'data');
    const stores = await openStores({ dataDir });
    try {
      expect(existsSync(path.join(dataDir, 'chat.sqlite'))).to.equal(true);
      expect(stores.redis).to.equal(undefined);
      expect(stores.presence).to.be.instanceOf(MemoryPresenceStore);
      expect(stores.sessionStore).to.be.instanceOf(SqlSessionStore);
      expect(stores.writeLanes, 'one connection, one writer lane').to.equal(1);
      await stores.checks.db();
      await stores.checks.sessions();
    } finally {
      await stores.close();
      folder.remove();
    }
  });

  it('keeps the data of a SQLite file across restarts', async () => {
    const folder = temporaryDir();
    try {
      const first = await openStores({ dataDir: folder.dir });
      const user = await first.users.create({ username: 'keeper', passwordHash: 'x', now: 1 });
      await first.close();
      const second = await openStores({ dataDir: folder.dir, migrate: false });
      expect(await second.users.findByUsername('KEEPER')).to.deep.equal(user);
      await second.close();
    } finally {
      folder.remove();
    }
  });

  it('answers StoreUnavailableError from the checks and the stores once closed', async () => {
    const stores = await openStores();
    await stores.close();
    await expectUnavailable(stores.checks.db());
    await expectUnavailable(stores.users.findByUsername('anyone'));
  });

  if (MYSQL_URL) {
    const mysqlUrl = MYSQL_URL;
    it('gives MySQL the writer lanes asked for, 2 by default', async () => {
      for (const [asked, lanes] of [
        [undefined, 2],
        [4, 4],
      ] as const) {
        const stores = await openStores({ mysqlUrl, mysqlWriteLanes: asked, migrate: false });
        expect(stores.writeLanes).to.equal(lanes);
        await stores.close();
      }
    });
  }

  it('refuses to start with StoreUnavailableError when MySQL cannot be reached', async () => {
    await expectUnavailable(openStores({ mysqlUrl: 'mysql://root@127.0.0.1:1/none' }));
  });

  it('refuses to start with StoreUnavailableError when Redis cannot be reached', async () => {
    await expectUnavailable(openStores({ redisUrl: 'redis://127.0.0.1:1' }));
  });

  if (MYSQL_URL) {
    it('uses MySQL when mysqlUrl is set, and reports it down once closed', async () => {
      const stores = await openStores({ mysqlUrl: MYSQL_URL });
      await stores.checks.db();
      await stores.checks.sessions();
      await stores.close();
      await expectUnavailable(stores.checks.db());
      await expectUnavailable(stores.channels.getEveryone());
    });
  }

  if (REDIS_URL) {
    it('uses Redis for presence, typing and sessions under the prefix, and reports Redis down', async () => {
      const redisPrefix = randomPrefix();
      const stores = await openStores({ redisUrl: REDIS_URL, redisPrefix });
      const redis = stores.redis;
      try {
        expect(redis).to.not.equal(undefined);
        if (!redis) return;
        await stores.presence.addSocket('42', 'socket');
        const cookie = new session.Cookie();
        cookie.maxAge = 60_000;
        // Only the cookie matters to a store; the app's own SessionData fields do not.
        const data = { cookie } as SessionData;
        await new Promise<void>((resolve, reject) =>
          stores.sessionStore.set('the-sid', data, (error?: unknown) => (error ? reject(error) : resolve())),
        );
        const keys = await redis.keys(`${redisPrefix}*`);
        expect(keys).to.include(`${redisPrefix}sess:the-sid`).and.include(`${redisPrefix}presence:user:42`);
        await redis.del(...keys);
        await stores.checks.sessions();
        redis.disconnect();
        await expectUnavailable(stores.checks.sessions());
        await expectUnavailable(stores.presence.isOnline('42'));
        await stores.checks.db();
      } finally {
        await stores.close();
      }
    });
  }
});
