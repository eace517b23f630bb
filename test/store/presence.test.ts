/** Presence and typing: the contract on memory always and Redis when REDIS_URL is set, plus Redis specifics. */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { MemoryPresenceStore } from '../../src/store/memory/presence-store';
import { MemoryTypingStore } from '../../src/store/memory/typing-store';
import { RedisPresenceStore } from '../../src/store/redis/presence-store';
import { RedisTypingStore } from '../../src/store/redis/typing-store';
import { describePresenceContract } from './presence-contract';
import { REDIS_URL, randomPrefix } from './support';

async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(...keys);
}

describePresenceContract('memory', async (now) => ({
  presence: new MemoryPresenceStore(),
  typing: new MemoryTypingStore(now),
  close: async () => undefined,
}));

if (REDIS_URL) {
  const url = REDIS_URL;
  describePresenceContract('Redis', async (now) => {
    const client = new Redis(url);
    const prefix = randomPrefix();
    return {
      presence: new RedisPresenceStore(client, prefix, randomUUID()),
      typing: new RedisTypingStore(client, prefix, now),
      async close() {
        await deleteKeys(client, prefix);
        await client.quit();
      },
    };
  });

  describe('RedisPresenceStore', () => {
    let client: Redis;
    let prefix: string;
    before(() => {
      client = new Redis(url);
    });
    beforeEach(() => {
      prefix = randomPrefix();
    });
    afterEach(() => deleteKeys(client, prefix));
    after(() => client.quit());

    it('shares presence between processes: first and last across them', async () => {
      const one = new RedisPresenceStore(client, prefix, 'process-1');
      const two = new RedisPresenceStore(client, prefix, 'process-2');
      expect(await one.addSocket('7', 'a')).to.equal(true);
      expect(await two.addSocket('7', 'b')).to.equal(false);
      expect(await two.isOnline('7')).to.equal(true);
      expect(await one.removeSocket('7', 'a')).to.equal(false);
      expect(await two.removeSocket('7', 'b')).to.equal(true);
      expect(await one.onlineUserIds()).to.deep.equal([]);
    });

    it("records each socket's process, and each process's users, for crash clean-up", async () => {
      const one = new RedisPresenceStore(client, prefix, 'process-1');
      const two = new RedisPresenceStore(client, prefix, 'process-2');
      await one.addSocket('7', 'a');
      await one.addSocket('7', 'c');
      await two.addSocket('7', 'b');
      expect(await client.hgetall(`${prefix}presence:user:7`)).to.deep.equal({ a: 'process-1', b: 'process-2', c: 'process-1' });
      expect(await client.smembers(`${prefix}presence:process:process-1`)).to.deep.equal(['7']);
      await one.removeSocket('7', 'a');
      expect(await client.smembers(`${prefix}presence:process:process-1`)).to.deep.equal(['7']);
      await one.removeSocket('7', 'c');
      expect(await client.smembers(`${prefix}presence:process:process-1`)).to.deep.equal([]);
      expect(await client.smembers(`${prefix}presence:process:process-2`)).to.deep.equal(['7']);
    });

    describe('heartbeats and sweeping', () => {
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      it("sweeps a silent process's sockets: users left with none go offline, last seen at its last beat", async () => {
        const dead = new RedisPresenceStore(client, prefix, 'dead');
        const live = new RedisPresenceStore(client, prefix, 'live');
        await dead.heartbeat();
        const lastBeat = Number(await client.zscore(`${prefix}presence:processes`, 'dead'));
        await dead.addSocket('7', 'a');
        await dead.addSocket('7', 'b');
        await dead.addSocket('8', 'c');
        await live.addSocket('8', 'd');
        await sleep(120);
        await live.heartbeat();

        const gone = await live.sweep(100);

        expect(gone).to.deep.equal([{ userId: '7', lastSeenAt: lastBeat }]);
        expect(await live.isOnline('7')).to.equal(false);
        expect(await live.onlineUserIds()).to.deep.equal(['8']);
        expect(await client.hgetall(`${prefix}presence:user:8`)).to.deep.equal({ d: 'live' });
        expect(await client.exists(`${prefix}presence:process:dead`)).to.equal(0);
        expect(await client.zrange(`${prefix}presence:processes`, 0, -1)).to.deep.equal(['live']);
        expect(await client.hlen(`${prefix}presence:sweeping`)).to.equal(0);
        expect(await live.sweep(100)).to.deep.equal([]);
      });

      it('reports each user once when three processes sweep the same dead one at once', async () => {
        const dead = new RedisPresenceStore(client, prefix, 'dead');
        await dead.heartbeat();
        const users = Array.from({ length: 1200 }, (_, i) => String(i + 1));
        for (let i = 0; i < users.length; i += 200) {
          await Promise.all(users.slice(i, i + 200).map((id) => dead.addSocket(id, `s${id}`)));
        }
        await sleep(60);
        const sweepers = ['a', 'b', 'c'].map((id) => new RedisPresenceStore(client, prefix, id));
        await Promise.all(sweepers.map((sweeper) => sweeper.heartbeat()));

        const reports = await Promise.all(sweepers.map((sweeper) => sweeper.sweep(50)));

        const reported = reports.flat().map((user) => user.userId);
        expect(reported).to.have.length(users.length);
        expect(new Set(reported).size).to.equal(users.length);
        expect(await client.scard(`${prefix}presence:online`)).to.equal(0);
      });

      it('lets a process swept while alive know it, so it registers its sockets again', async () => {
        const stalled = new RedisPresenceStore(client, prefix, 'stalled');
        const other = new RedisPresenceStore(client, prefix, 'other');
        expect(await stalled.heartbeat()).to.equal(true);
        await stalled.addSocket('7', 'a');
        await sleep(60);
        await other.heartbeat();
        expect(await other.sweep(50)).to.have.length(1);

        expect(await stalled.heartbeat()).to.equal(true);
        expect(await stalled.heartbeat()).to.equal(false);
        expect(await stalled.addSocket('7', 'a')).to.equal(true);
        expect(await other.sweep(50)).to.deep.equal([]);
        expect(await other.isOnline('7')).to.equal(true);
      });

      it('leaves at once on a graceful stop, reporting whoever it still held', async () => {
        const leaving = new RedisPresenceStore(client, prefix, 'leaving');
        const staying = new RedisPresenceStore(client, prefix, 'staying');
        await leaving.heartbeat();
        await staying.heartbeat();
        await leaving.addSocket('7', 'a');
        await leaving.addSocket('8', 'b');
        await staying.addSocket('8', 'c');

        const gone = await leaving.leave();

        expect(gone.map((user) => user.userId)).to.deep.equal(['7']);
        expect(await client.zrange(`${prefix}presence:processes`, 0, -1)).to.deep.equal(['staying']);
        expect(await staying.onlineUserIds()).to.deep.equal(['8']);
      });
    });

    it('keeps every key under the prefix and leaves none behind', async () => {
      const presence = new RedisPresenceStore(client, prefix, 'p');
      const typing = new RedisTypingStore(client, prefix);
      await presence.addSocket('1', 's');
      await typing.start('c', '1', 50);
      const keys = await client.keys(`${prefix}*`);
      expect(keys.length).to.be.greaterThan(0);
      await presence.removeSocket('1', 's');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await client.keys(`${prefix}*`)).to.deep.equal([]);
    });
  });
}
