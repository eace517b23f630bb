import { expect } from 'chai';
import type { GoneUser } from '../../../src/chat/ports';
import { PresenceTracker, type PresenceHandlers } from '../../../src/chat/presence-tracker';
import { MemoryPresenceStore } from '../../../src/store/memory/presence-store';
import { eventually } from '../../support/waiting';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The memory store, with heartbeats and sweeps scripted by the test (as Redis would answer them). */
class ScriptedStore extends MemoryPresenceStore {
  sweptOnNextBeat = false;
  toSweep: GoneUser[] = [];
  toLeave: GoneUser[] = [];
  beats = 0;

  override async heartbeat(): Promise<boolean> {
    this.beats += 1;
    const swept = this.sweptOnNextBeat;
    this.sweptOnNextBeat = false;
    return swept;
  }

  override async sweep(): Promise<GoneUser[]> {
    return this.toSweep.splice(0);
  }

  override async leave(): Promise<GoneUser[]> {
    return this.toLeave.splice(0);
  }
}

describe('PresenceTracker', () => {
  let store: ScriptedStore;
  let tracker: PresenceTracker;
  let log: string[];

  const handlers: PresenceHandlers = {
    changed: async (userId, online) => {
      log.push(`${userId} ${online ? 'online' : 'offline'}`);
    },
    gone: async ({ userId, lastSeenAt }) => {
      log.push(`${userId} gone at ${lastSeenAt}`);
    },
    failed: (error) => {
      log.push(`failed: ${String(error)}`);
    },
  };

  beforeEach(() => {
    store = new ScriptedStore();
    tracker = new PresenceTracker(store, handlers, 30);
    log = [];
  });
  afterEach(() => tracker.close());

  describe('startHeartbeat', () => {
    it('beats at once and then every interval, reporting each swept user once', async () => {
      store.toSweep = [{ userId: '7', lastSeenAt: 1000 }];
      await tracker.startHeartbeat({ intervalMs: 20, deadAfterMs: 60 });
      expect(log).to.deep.equal(['7 gone at 1000']);
      const before = store.beats;
      await eventually(
        async () => store.beats,
        (beats) => beats > before + 1,
        { timeoutMs: 2000, what: 'two more beats' },
      );
      expect(log).to.deep.equal(['7 gone at 1000']);
    });

    it('registers its own sockets again when the store had declared it dead, announcing who came back', async () => {
      await tracker.connect('7', 'a');
      await tracker.connect('7', 'b');
      await tracker.connect('8', 'c');
      await tracker.startHeartbeat({ intervalMs: 20, deadAfterMs: 60 });
      // The sweep of another process removed user 7's sockets (user 8's survived, say).
      await store.removeSocket('7', 'a');
      await store.removeSocket('7', 'b');
      log = [];
      store.sweptOnNextBeat = true;
      await eventually(
        async () => log.length,
        (lines) => lines > 0,
        { timeoutMs: 2000, what: 'the notice' },
      );
      expect(log).to.deep.equal(['7 online']);
      expect(await store.socketCount('7')).to.equal(2);
    });

    it('holds its sweeps for two beats after it could not beat for longer than the dead time', async () => {
      await tracker.startHeartbeat({ intervalMs: 20, deadAfterMs: 50 });
      const beat = store.heartbeat.bind(store);
      let away = true;
      store.heartbeat = async () => (away ? Promise.reject(new Error('redis away')) : beat());
      await sleep(80);
      away = false;
      store.toSweep = [{ userId: '7', lastSeenAt: 1 }];
      await sleep(30);
      expect(log.filter((line) => line.includes('gone'))).to.deep.equal([]);
      await eventually(async () => log.some((line) => line.includes('gone')), Boolean, {
        timeoutMs: 2000,
        what: 'the held sweep',
      });
      expect(log.filter((line) => line.includes('gone'))).to.deep.equal(['7 gone at 1']);
    });

    it('keeps beating after a failed beat', async () => {
      await tracker.startHeartbeat({ intervalMs: 20, deadAfterMs: 60 });
      const beat = store.heartbeat.bind(store);
      let failures = 1;
      store.heartbeat = async () => (failures-- > 0 ? Promise.reject(new Error('redis away')) : beat());
      const before = store.beats;
      await eventually(
        async () => store.beats,
        (beats) => beats > before,
        { timeoutMs: 2000, what: 'a beat after the failure' },
      );
      expect(log).to.deep.equal(['failed: Error: redis away']);
    });
  });

  describe('leave', () => {
    it('lets pending offline notices go out after their grace, then reports who the store still held', async () => {
      await tracker.startHeartbeat({ intervalMs: 1000, deadAfterMs: 3000 });
      await tracker.connect('7', 'a');
      await tracker.connect('8', 'b');
      log = [];
      store.toLeave = [{ userId: '9', lastSeenAt: 5 }];
      void tracker.disconnect('7', 'a');
      void tracker.disconnect('8', 'b');
      await tracker.connect('8', 'c');
      await tracker.leave();
      expect(log).to.deep.equal(['7 offline', '9 gone at 5']);
    });

    it('drops pending notices at once without a heartbeat (a lone process: nobody is left to hear)', async () => {
      await tracker.connect('7', 'a');
      await tracker.disconnect('7', 'a');
      await tracker.leave();
      await sleep(50);
      expect(log).to.deep.equal(['7 online']);
    });
  });
});
