/** RoomEventStore contract: events placed after the channel's newest message, listed by span. */
import { expect } from 'chai';
import type { RoomEventRecord } from '../../../src/chat/records';
import { uniqueName, type ChatStores, type Helpers } from './fixture';

const kinds = (events: RoomEventRecord[]) => events.map((event) => `${event.kind}@${event.afterMessageId}`);

export function roomEventContract(stores: () => ChatStores, helpers: Helpers): void {
  describe('RoomEventStore', () => {
    async function room(ownerId: string) {
      return stores().channels.createRoom({
        name: uniqueName('events'),
        isPrivate: false,
        createdBy: ownerId,
        memberIds: [],
        now: Date.now(),
      });
    }

    it('places an event after the newest message ("0" before any) and names its people as registered', async () => {
      const alice = await helpers.newUser('Alice');
      const bob = await helpers.newUser('bob');
      const channel = await room(alice.id);
      const created = await stores().roomEvents.append({
        channelId: channel.id,
        kind: 'created',
        actorId: alice.id,
        targetId: null,
        createdAt: 1000,
      });
      expect(created).to.deep.include({
        channelId: channel.id,
        kind: 'created',
        actorId: alice.id,
        actorName: alice.username,
        targetId: null,
        targetName: null,
        createdAt: 1000,
        afterMessageId: '0',
      });
      const [last] = (await helpers.post(channel.id, alice.id, 2)).slice(-1);
      const added = await stores().roomEvents.append({
        channelId: channel.id,
        kind: 'added',
        actorId: alice.id,
        targetId: bob.id,
        createdAt: 2000,
      });
      expect(added).to.deep.include({ kind: 'added', targetId: bob.id, targetName: bob.username, afterMessageId: last });
      expect(BigInt(added.id) > BigInt(created.id)).to.equal(true);
      expect(await stores().roomEvents.list(channel.id, {}, 10)).to.deep.equal([created, added]);
    });

    describe('list', () => {
      let channelId: string;
      let ids: string[];

      before(async () => {
        const user = await helpers.newUser();
        const other = await room(user.id);
        channelId = (await room(user.id)).id;
        const append = (kind: 'joined' | 'left') =>
          stores().roomEvents.append({ channelId, kind, actorId: user.id, targetId: null, createdAt: Date.now() });
        await append('joined'); // after 0
        ids = await helpers.post(channelId, user.id, 3); // m1 m2 m3
        await append('joined'); // after m3
        await append('left'); // after m3, a later id
        await helpers.post(other.id, user.id, 1);
        await stores().roomEvents.append({ channelId: other.id, kind: 'joined', actorId: user.id, targetId: null, createdAt: 0 });
        ids.push(...(await helpers.post(channelId, user.id, 1))); // m4
        await append('left'); // after m4
      });

      it("lists a channel's events by place, then by id, and no other channel's", async () => {
        const [m3, m4] = [ids[2], ids[3]];
        expect(kinds(await stores().roomEvents.list(channelId, {}, 10))).to.deep.equal([
          'joined@0',
          `joined@${m3}`,
          `left@${m3}`,
          `left@${m4}`,
        ]);
      });

      it('bounds the places: from (inclusive) and below (exclusive)', async () => {
        const [m1, , m3, m4] = ids;
        const list = (span: { from?: string; below?: string }) => stores().roomEvents.list(channelId, span, 10).then(kinds);
        expect(await list({ below: m1 })).to.deep.equal(['joined@0']);
        expect(await list({ from: m1, below: m4 })).to.deep.equal([`joined@${m3}`, `left@${m3}`]);
        expect(await list({ from: m4 })).to.deep.equal([`left@${m4}`]);
        expect(await list({ from: String(BigInt(m4 ?? '0') + 1n) })).to.deep.equal([]);
        // A cursor is a position: it need not be an id, and may be far beyond any.
        expect(await list({ from: '0', below: '999999999999999999' })).to.have.length(4);
      });

      it('keeps the newest when there are more than the limit, still oldest first', async () => {
        const [, , m3, m4] = ids;
        expect(kinds(await stores().roomEvents.list(channelId, {}, 2))).to.deep.equal([`left@${m3}`, `left@${m4}`]);
      });
    });
  });
}
