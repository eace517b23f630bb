/** The contract every PresenceStore and TypingStore implementation must pass (memory, Redis). */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { PresenceStore, TypingStore } from '../../src/chat/ports';

export type PresenceFixture = { presence: PresenceStore; typing: TypingStore; close(): Promise<void> };

/** The factory wires `now` into the typing store, so that lapsing is tested without waiting. */
export function describePresenceContract(name: string, factory: (now: () => number) => Promise<PresenceFixture>): void {
  describe(`presence and typing contract: ${name}`, () => {
    let fixture: PresenceFixture | undefined;
    let clock = Date.now();
    const presence = () => fixture?.presence ?? expect.fail('no presence store');
    const typing = () => fixture?.typing ?? expect.fail('no typing store');
    const user = () => `u${randomUUID()}`;

    before(async () => {
      fixture = await factory(() => clock);
    });
    after(async () => {
      await fixture?.close();
    });

    describe('PresenceStore', () => {
      it('answers first for the first socket and last for the last, many sockets being one presence', async () => {
        const id = user();
        expect(await presence().isOnline(id)).to.equal(false);
        expect(await presence().addSocket(id, 's1')).to.equal(true);
        expect(await presence().addSocket(id, 's2')).to.equal(false);
        expect(await presence().addSocket(id, 's2')).to.equal(false);
        expect(await presence().socketCount(id)).to.equal(2);
        expect(await presence().isOnline(id)).to.equal(true);
        expect(await presence().onlineUserIds()).to.include(id);
        expect(await presence().removeSocket(id, 's1')).to.equal(false);
        expect(await presence().removeSocket(id, 's1')).to.equal(false);
        expect(await presence().isOnline(id)).to.equal(true);
        expect(await presence().removeSocket(id, 's2')).to.equal(true);
        expect(await presence().isOnline(id)).to.equal(false);
        expect(await presence().socketCount(id)).to.equal(0);
        expect(await presence().onlineUserIds()).to.not.include(id);
      });

      it('answers false when removing a socket that was never added', async () => {
        const id = user();
        expect(await presence().removeSocket(id, 'ghost')).to.equal(false);
        await presence().addSocket(id, 'real');
        expect(await presence().removeSocket(id, 'ghost')).to.equal(false);
        expect(await presence().socketCount(id)).to.equal(1);
        expect(await presence().removeSocket(id, 'real')).to.equal(true);
      });

      it('gives exactly one first and one last when 20 sockets come and go at once', async () => {
        const id = user();
        const sockets = Array.from({ length: 20 }, (_, i) => `socket-${i}`);
        const added = await Promise.all(sockets.map((socket) => presence().addSocket(id, socket)));
        expect(added.filter(Boolean)).to.have.length(1);
        expect(await presence().socketCount(id)).to.equal(20);
        const removed = await Promise.all(sockets.map((socket) => presence().removeSocket(id, socket)));
        expect(removed.filter(Boolean)).to.have.length(1);
        expect(removed[removed.length - 1]).to.be.a('boolean');
        expect(await presence().isOnline(id)).to.equal(false);
      });

      it('answers true for the first heartbeat only, and never sweeps a process that beats', async () => {
        const id = user();
        expect(await presence().heartbeat()).to.equal(true);
        expect(await presence().heartbeat()).to.equal(false);
        await presence().addSocket(id, 's1');
        expect(await presence().sweep(60_000)).to.deep.equal([]);
        expect(await presence().isOnline(id)).to.equal(true);
        await presence().removeSocket(id, 's1');
      });

      it('tells which of some users are online', async () => {
        const [a, b, c] = [user(), user(), user()];
        await presence().addSocket(a, 's1');
        await presence().addSocket(c, 's2');
        expect(await presence().onlineAmong([a, b, c])).to.deep.equal(new Set([a, c]));
        expect(await presence().onlineAmong([])).to.deep.equal(new Set());
        await presence().removeSocket(a, 's1');
        await presence().removeSocket(c, 's2');
      });

      it('keeps users apart', async () => {
        const [a, b] = [user(), user()];
        expect(await presence().addSocket(a, 'same-socket-id')).to.equal(true);
        expect(await presence().addSocket(b, 'same-socket-id')).to.equal(true);
        expect(await presence().removeSocket(a, 'same-socket-id')).to.equal(true);
        expect(await presence().isOnline(b)).to.equal(true);
        expect(await presence().onlineUserIds())
          .to.include(b)
          .and.not.include(a);
        await presence().removeSocket(b, 'same-socket-id');
      });
    });

    describe('TypingStore', () => {
      it('reports where a user types until they stop', async () => {
        const id = user();
        await typing().start('c1', id, 5000);
        await typing().start('c2', id, 5000);
        expect(await typing().channelsOf(id)).to.have.members(['c1', 'c2']);
        expect(await typing().stop('c1', id)).to.equal(true);
        expect(await typing().stop('c1', id)).to.equal(false);
        expect(await typing().channelsOf(id)).to.deep.equal(['c2']);
        expect(await typing().channelsOf(user())).to.deep.equal([]);
        expect(await typing().stop('c2', id)).to.equal(true);
      });

      it('lets a notice lapse by itself after its ttl, and a new start extends it', async () => {
        const id = user();
        await typing().start('short', id, 1000);
        await typing().start('long', id, 1000);
        clock += 500;
        await typing().start('long', id, 1000);
        clock += 600;
        expect(await typing().channelsOf(id)).to.deep.equal(['long']);
        expect(await typing().stop('short', id)).to.equal(false);
        clock += 500;
        expect(await typing().channelsOf(id)).to.deep.equal([]);
        expect(await typing().stop('long', id)).to.equal(false);
      });
    });
  });
}
