import { expect } from 'chai';
import session, { type SessionData } from 'express-session';
import { pino } from 'pino';
import { UserSessions } from '../../../src/http/user-sessions';

/** A MemoryStore plus the index the real stores keep as they save. */
function storeWithIndex() {
  const store = new session.MemoryStore();
  const owners = new Map<string, Set<string>>();
  const save = (sid: string, userId: string, address?: string) =>
    new Promise<void>((resolve, reject) => {
      const data = {
        cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) },
        userId,
        address,
      } as unknown as SessionData; // the fields express-session reads
      owners.set(userId, (owners.get(userId) ?? new Set()).add(sid));
      store.set(sid, data, (error) => (error ? reject(error) : resolve()));
    });
  const load = (sid: string) =>
    new Promise<unknown>((resolve, reject) => store.get(sid, (error, data) => (error ? reject(error) : resolve(data))));
  const index = {
    sessionIdsOf: async (userId: string) => [...(owners.get(userId) ?? [])],
    forget: async (userId: string, ids: readonly string[]) => ids.forEach((id) => owners.get(userId)?.delete(id)),
  };
  return { store, index, save, load };
}

describe('UserSessions', () => {
  describe('list', () => {
    it('shows an IPv4 address from a dual-stack socket as people know it, and IPv6 as it is', async () => {
      const { store, index, save } = storeWithIndex();
      const sessions = new UserSessions({ store, index, onSessionEnded: () => undefined, logger: pino({ level: 'silent' }) });
      await Promise.all([save('mine', 'u1', '::ffff:192.0.2.7'), save('phone', 'u1', '2001:db8::1'), save('old', 'u1')]);
      const addresses = (await sessions.list('u1', 'mine')).map((summary) => summary.address).sort();
      expect(addresses).to.deep.equal(['192.0.2.7', '2001:db8::1', 'Unknown address']);
    });
  });

  describe('endOthers', () => {
    it('ends every other session of the user, keeps the given one and other users', async () => {
      const { store, index, save, load } = storeWithIndex();
      const ended: string[] = [];
      const sessions = new UserSessions({
        store,
        index,
        onSessionEnded: (id) => ended.push(id),
        logger: pino({ level: 'silent' }),
      });
      await Promise.all([save('mine', 'u1'), save('other-a', 'u1'), save('other-b', 'u1'), save('someone', 'u2')]);

      expect(await sessions.endOthers('u1', 'mine')).to.equal(2);

      expect(await load('mine')).to.not.equal(undefined);
      expect(await load('someone')).to.not.equal(undefined);
      expect(await load('other-a')).to.equal(undefined);
      expect(await load('other-b')).to.equal(undefined);
      await new Promise((resolve) => setImmediate(resolve));
      expect(ended.sort()).to.deep.equal(['other-a', 'other-b']);
    });

    it('ends again a session that a request under way saved back after it was ended', async () => {
      const { store, index, save, load } = storeWithIndex();
      const ended: string[] = [];
      const sessions = new UserSessions({
        store,
        index,
        onSessionEnded: (id) => ended.push(id),
        logger: pino({ level: 'silent' }),
        resweepAfterMs: 50,
      });
      await Promise.all([save('mine', 'u1'), save('other', 'u1')]);
      await sessions.endOthers('u1', 'mine');
      await save('other', 'u1'); // the late save of a request that began before

      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await load('other')).to.equal(undefined);
      expect(await load('mine')).to.not.equal(undefined);
      expect(ended).to.deep.equal(['other', 'other']);
    });
  });
});
