/**
 * The session stores express-session gets from createStores: the SQL table (embedded SQLite, MySQL)
 * and connect-redis when REDIS_URL is set. Same expectations for each.
 */
import { expect } from 'chai';
import session, { type SessionData, type Store } from 'express-session';
import type { Stores } from '../../src/store';
import { openSqlDatabase } from '../../src/store/sql/db';
import { migrateToLatest } from '../../src/store/sql/migrations';
import { SqlSessionStore } from '../../src/store/sql/session-store';
import { MYSQL_URL, REDIS_URL, openScratchMysqlStores, openStores } from './support';

const call = <T>(run: (callback: (error: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));

function sessionData(maxAge: number, userId: string, expires?: number): SessionData {
  const cookie = new session.Cookie();
  cookie.maxAge = maxAge;
  cookie.originalMaxAge = maxAge;
  if (expires !== undefined) cookie.expires = new Date(expires);
  // Session stores keep whatever express-session hands them: the fields the app declares on
  // SessionData (src/http) do not matter here, only that a field round-trips.
  return { cookie, userId } as unknown as SessionData;
}

function sessionStoreContract(name: string, open: () => Promise<Stores>): void {
  describe(`session store: ${name}`, () => {
    let stores: Stores;
    let store: Store;
    const sid = () => `sid-${Math.random().toString(36).slice(2)}`;
    const get = (id: string) => call<SessionData | null>((cb) => store.get(id, cb));

    before(async () => {
      stores = await open();
      store = stores.sessionStore;
    });
    after(() => stores.close());

    it('keeps a session until it is destroyed', async () => {
      const id = sid();
      await call((cb) => store.set(id, sessionData(60_000, 'user-1'), cb));
      const found = await get(id);
      expect(found).to.have.property('userId', 'user-1');
      expect(found?.cookie.originalMaxAge).to.equal(60_000);
      await call((cb) => store.set(id, sessionData(60_000, 'user-2'), cb));
      expect(await get(id)).to.have.property('userId', 'user-2');
      await call((cb) => store.destroy(id, cb));
      expect(await get(id)).to.equal(null);
    });

    it('answers no session for an unknown id', async () => {
      expect(await get(sid())).to.equal(null);
    });

    it('forgets a session once its cookie has expired, and touch extends it', async () => {
      const id = sid();
      await call((cb) => store.set(id, sessionData(2_000, 'brief'), cb));
      expect(await get(id)).to.have.property('userId', 'brief');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await call<void>((cb) =>
        store.touch ? store.touch(id, sessionData(60_000, 'brief'), (error?: unknown) => cb(error)) : cb(new Error('no touch')),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(await get(id)).to.have.property('userId', 'brief');
      await call((cb) => store.set(id, sessionData(1_000, 'brief'), cb));
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect(await get(id)).to.equal(null);
    });

    it("indexes a signed-in user's sessions as they are saved, never another user's or an anonymous one", async () => {
      const owner = `owner-${Math.random().toString(36).slice(2)}`;
      const [first, second, stranger, anonymous] = [sid(), sid(), sid(), sid()];
      await call((cb) => store.set(first, sessionData(60_000, owner), cb));
      await call((cb) => store.set(second, sessionData(60_000, owner), cb));
      await call((cb) => store.set(stranger, sessionData(60_000, `${owner}-not`), cb));
      await call((cb) => store.set(anonymous, { cookie: new session.Cookie() } as SessionData, cb));
      expect((await stores.sessionIndex.sessionIdsOf(owner)).sort()).to.deep.equal([first, second].sort());
      // A destroyed session may stay listed until forgotten; readers load each one to be sure.
      await call((cb) => store.destroy(first, cb));
      await stores.sessionIndex.forget(owner, [first]);
      expect(await stores.sessionIndex.sessionIdsOf(owner)).to.deep.equal([second]);
    });

    it('passes its health check', async () => {
      await stores.checks.sessions();
    });
  });
}

sessionStoreContract('SQLite', () => openStores());
if (MYSQL_URL) {
  const baseUrl = MYSQL_URL;
  sessionStoreContract('MySQL', () => openScratchMysqlStores(baseUrl));
}
if (REDIS_URL) sessionStoreContract('Redis', () => openStores({ redisUrl: REDIS_URL }));

describe('SqlSessionStore', () => {
  it('prunes expired rows and keeps live ones', async () => {
    const database = openSqlDatabase({ dataDir: ':memory:' });
    await migrateToLatest(database.db);
    let now = 1_000_000;
    const store = new SqlSessionStore({ db: database.db, dialect: database.dialect, now: () => now });
    try {
      await call((cb) => store.set('old', sessionData(1000, 'old', now + 10), cb));
      await call((cb) => store.set('live', sessionData(1000, 'live', now + 10_000), cb));
      now += 100;
      expect(await call((cb) => store.get('old', cb))).to.equal(null);
      expect(await store.prune()).to.equal(1);
      expect(await call<number>((cb) => store.length(cb))).to.equal(1);
      expect(await call((cb) => store.get('live', cb))).to.have.property('userId', 'live');
    } finally {
      store.close();
      await database.close();
    }
  });
});
