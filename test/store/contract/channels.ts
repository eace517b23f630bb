/** ChannelStore contract: everyone, direct channels (atomic), rooms, membership, summaries, read positions. */
import { expect } from 'chai';
import { NameTakenError } from '../../../src/chat/errors';
import { uniqueName, type ChatStores, type Helpers } from './fixture';

const numeric = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : 1);

export function channelContract(stores: () => ChatStores, helpers: Helpers): void {
  /** One member's read, as the Engine stores it (a batch of one): true when the position moved. */
  const markRead = async (channelId: string, userId: string, messageId: string) =>
    (await stores().channels.markReadMany([{ channelId, userId, messageId }]))[0] !== undefined;
  describe('ChannelStore', () => {
    it('has one everyone channel, the same on every call', async () => {
      const everyone = await stores().channels.getEveryone();
      expect(everyone).to.deep.include({ kind: 'everyone', name: null, directPair: null, isPrivate: false });
      expect(await stores().channels.getEveryone()).to.deep.equal(everyone);
      expect(await stores().channels.get(everyone.id)).to.deep.equal(everyone);
    });

    it('answers concurrent membership checks of several rooms each rightly', async () => {
      const [owner, member, outsider] = [await helpers.newUser(), await helpers.newUser(), await helpers.newUser()];
      const room = (memberIds: string[]) =>
        stores().channels.createRoom({
          name: uniqueName('am'),
          isPrivate: true,
          createdBy: owner.id,
          memberIds,
          now: Date.now(),
        });
      const [first, second] = [await room([member.id]), await room([])];
      const asked = [
        { channelId: first.id, userId: member.id },
        { channelId: second.id, userId: member.id },
        { channelId: first.id, userId: outsider.id },
        { channelId: 'abc', userId: owner.id },
        { channelId: second.id, userId: owner.id },
        { channelId: first.id, userId: member.id },
      ];
      const answers = await Promise.all(asked.map(({ channelId, userId }) => stores().channels.isMember(channelId, userId)));
      expect(answers).to.deep.equal([true, false, false, false, true, true]);
    });

    it('answers nothing for unknown or malformed channel ids', async () => {
      const user = await helpers.newUser();
      for (const id of ['', 'abc', '0', '-1', '1e3', '999999999999', '99999999999999999999', '__proto__']) {
        expect(await stores().channels.get(id), id).to.equal(undefined);
        expect(await stores().channels.isMember(id, user.id), id).to.equal(false);
        expect(await stores().channels.summaryFor(id, user.id), id).to.equal(undefined);
        expect(await markRead(id, user.id, '1'), id).to.equal(false);
        expect(await stores().channels.memberIds(id), id).to.deep.equal([]);
      }
    });

    describe('findOrCreateDirect', () => {
      it('finds the same channel from either side, lower id first, both users members', async () => {
        const a = await helpers.newUser();
        const b = await helpers.newUser();
        const first = await stores().channels.findOrCreateDirect(b.id, a.id, b.id, 1_000);
        const again = await stores().channels.findOrCreateDirect(a.id, b.id, a.id, 2_000);
        expect(again).to.deep.equal(first);
        expect(first).to.deep.include({ kind: 'direct', name: null, createdBy: b.id, createdAt: 1_000 });
        expect(first.directPair).to.deep.equal([a.id, b.id].sort(numeric));
        expect(await stores().channels.memberIds(first.id)).to.have.members([a.id, b.id]);
      });

      it('creates exactly one channel when 20 callers race from both sides', async () => {
        const a = await helpers.newUser();
        const b = await helpers.newUser();
        const channels = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0
              ? stores().channels.findOrCreateDirect(a.id, b.id, a.id, Date.now())
              : stores().channels.findOrCreateDirect(b.id, a.id, b.id, Date.now()),
          ),
        );
        expect(new Set(channels.map((channel) => channel.id)).size).to.equal(1);
        const id = channels[0]?.id ?? '';
        expect((await stores().channels.memberIds(id)).sort()).to.deep.equal([a.id, b.id].sort());
        expect(await stores().users.partnerIds(a.id)).to.deep.equal([b.id]);
      });
    });

    describe('rooms', () => {
      it('creates a room with its creator and members, read positions at the start', async () => {
        const [owner, guest] = [await helpers.newUser(), await helpers.newUser()];
        const name = uniqueName('Room 🎉');
        const room = await stores().channels.createRoom({
          name,
          isPrivate: false,
          createdBy: owner.id,
          memberIds: [guest.id, owner.id],
          now: 5_000,
        });
        expect(room).to.deep.include({
          kind: 'room',
          name,
          isPrivate: false,
          createdBy: owner.id,
          createdAt: 5_000,
          directPair: null,
        });
        expect(await stores().channels.get(room.id)).to.deep.equal(room);
        expect(await stores().channels.memberIds(room.id)).to.have.members([owner.id, guest.id]);
        expect(await stores().channels.roomIdsForUser(guest.id)).to.deep.equal([room.id]);
        expect((await stores().channels.summaryFor(room.id, guest.id))?.lastReadId).to.equal('0');
      });

      it('refuses a public name taken ignoring case; private rooms take no name', async () => {
        const owner = await helpers.newUser();
        const name = uniqueName('Lobby');
        const room = (isPrivate: boolean, roomName: string) =>
          stores().channels.createRoom({ name: roomName, isPrivate, createdBy: owner.id, memberIds: [], now: Date.now() });
        await room(true, name);
        await room(false, name);
        await room(true, name.toUpperCase());
        const error = await room(false, name.toUpperCase()).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(NameTakenError);
        expect(error).to.have.property('what', 'room');
        expect(await stores().channels.roomIdsForUser(owner.id)).to.have.length(3);
      });

      it('finds public rooms whose name contains the query, ignoring case, by name, never private ones', async () => {
        const owner = await helpers.newUser();
        const stem = uniqueName('find');
        const create = (name: string, isPrivate = false) =>
          stores().channels.createRoom({ name, isPrivate, createdBy: owner.id, memberIds: [], now: Date.now() });
        const beta = await create(`Beta ${stem}`);
        const alpha = await create(`alpha ${stem} x`);
        await create(`secret ${stem}`, true);
        await create(`${stem.replace('_', 'Z')} decoy`);
        const found = await stores().channels.findPublicRooms(stem.toUpperCase(), 20);
        expect(found.map((room) => room.id)).to.deep.equal([alpha.id, beta.id]);
        expect(await stores().channels.findPublicRooms(`${stem} X`, 20)).to.deep.equal([alpha]);
        expect(await stores().channels.findPublicRooms(`%${stem}`, 20)).to.deep.equal([]);
        expect((await stores().channels.findPublicRooms('', 5)).length).to.be.within(1, 5);
      });

      it('adds a member reading from the latest message, once; removes them once', async () => {
        const [owner, late] = [await helpers.newUser(), await helpers.newUser()];
        const room = await stores().channels.createRoom({
          name: uniqueName('r'),
          isPrivate: true,
          createdBy: owner.id,
          memberIds: [],
          now: Date.now(),
        });
        const [, last] = await helpers.post(room.id, owner.id, 2);
        expect(await stores().channels.addMember(room.id, late.id, Date.now())).to.equal(true);
        expect(await stores().channels.addMember(room.id, late.id, Date.now())).to.equal(false);
        const summary = await stores().channels.summaryFor(room.id, late.id);
        expect(summary).to.deep.include({ unread: 0, lastReadId: last });
        expect(await stores().channels.isMember(room.id, late.id)).to.equal(true);
        await helpers.post(room.id, owner.id, 1);
        expect((await stores().channels.summaryFor(room.id, late.id))?.unread).to.equal(1);
        expect(await stores().channels.removeMember(room.id, late.id)).to.equal(true);
        expect(await stores().channels.removeMember(room.id, late.id)).to.equal(false);
        expect(await stores().channels.isMember(room.id, late.id)).to.equal(false);
        expect(await stores().channels.summaryFor(room.id, late.id)).to.equal(undefined);
        expect(await stores().channels.roomIdsForUser(late.id)).to.deep.equal([]);
      });

      it('lists the rooms of at most n members with their members, in room order, past rooms left out', async () => {
        const [me, a, b, c] = [
          await helpers.newUser(),
          await helpers.newUser(),
          await helpers.newUser(),
          await helpers.newUser(),
        ];
        const room = (memberIds: string[]) =>
          stores().channels.createRoom({ name: uniqueName('r'), isPrivate: true, createdBy: me.id, memberIds, now: Date.now() });
        const pair = await room([a.id]);
        const crowd = await room([a.id, b.id, c.id]);
        const trio = await room([b.id, c.id]);
        await stores().channels.findOrCreateDirect(me.id, c.id, me.id, Date.now());
        const small = await stores().channels.smallRoomsOf(me.id, 3);
        expect(small.map((r) => r.roomId)).to.deep.equal([pair.id, trio.id]);
        expect(small[0]?.memberIds).to.have.members([me.id, a.id]);
        expect(small[1]?.memberIds).to.have.members([me.id, b.id, c.id]);
        expect((await stores().channels.smallRoomsOf(me.id, 4)).map((r) => r.roomId)).to.deep.equal([pair.id, crowd.id, trio.id]);
        expect(await stores().channels.smallRoomsOf(a.id, 1)).to.deep.equal([]);
        await stores().channels.removeMember(crowd.id, c.id);
        expect((await stores().channels.smallRoomsOf(a.id, 3)).map((r) => r.roomId)).to.deep.equal([pair.id, crowd.id]);
      });
    });

    describe('listForUser', () => {
      it('lists everyone, rooms and direct channels with a message or opened by the user, newest activity first', async () => {
        const [me, alice, bob, carol] = [
          await helpers.newUser('me'),
          await helpers.newUser(),
          await helpers.newUser(),
          await helpers.newUser(),
        ];
        const base = Date.now() + 10_000_000; // later than anything earlier runs left in `everyone`
        const quiet = await stores().channels.createRoom({
          name: uniqueName('quiet'),
          isPrivate: false,
          createdBy: me.id,
          memberIds: [alice.id],
          now: base + 1,
        });
        const busy = await stores().channels.createRoom({
          name: uniqueName('busy'),
          isPrivate: true,
          createdBy: alice.id,
          memberIds: [me.id],
          now: base,
        });
        const talked = await stores().channels.findOrCreateDirect(alice.id, me.id, alice.id, base);
        const opened = await stores().channels.findOrCreateDirect(me.id, bob.id, me.id, base + 2);
        await stores().channels.findOrCreateDirect(carol.id, me.id, carol.id, base + 50); // silent, not mine: hidden
        await stores().messages.appendBatch([
          helpers.draft(busy.id, alice.id, 'in busy', null, base + 3),
          helpers.draft(talked.id, alice.id, 'hello 1', null, base + 4),
          helpers.draft(talked.id, alice.id, 'hello 2', null, base + 4),
        ]);

        const list = await stores().channels.listForUser(me.id);
        const everyone = await stores().channels.getEveryone();
        expect(list.map((summary) => summary.channel.id)).to.deep.equal([talked.id, busy.id, opened.id, quiet.id, everyone.id]);
        const byId = new Map(list.map((summary) => [summary.channel.id, summary]));
        expect(byId.get(talked.id)).to.deep.include({ unread: 2, lastReadId: '0' });
        expect(byId.get(talked.id)?.lastMessage).to.deep.include({
          text: 'hello 2',
          senderName: alice.username,
          createdAt: base + 4,
        });
        expect(byId.get(talked.id)?.memberNames).to.have.members([alice.username, me.username]);
        expect(byId.get(busy.id)?.memberNames).to.have.members([alice.username, me.username]);
        expect(byId.get(opened.id)).to.deep.include({ unread: 0, lastMessage: null });
        expect(byId.get(everyone.id)?.memberNames).to.equal(null);
        expect(await stores().channels.summaryFor(talked.id, me.id)).to.deep.equal(byId.get(talked.id));
        // Bob did not open the silent channel with me: it is not in his list, yet it is his.
        expect((await stores().channels.listForUser(bob.id)).map((s) => s.channel.id)).to.not.include(opened.id);
        expect((await stores().channels.summaryFor(opened.id, bob.id))?.channel.id).to.equal(opened.id);
      });

      it('counts as unread the messages of others past the read position', async () => {
        const [me, other] = [await helpers.newUser(), await helpers.newUser()];
        const direct = await stores().channels.findOrCreateDirect(me.id, other.id, me.id, Date.now());
        const ids = await helpers.post(direct.id, other.id, 3);
        const unread = async (userId: string) => (await stores().channels.summaryFor(direct.id, userId))?.unread;
        expect(await unread(me.id)).to.equal(3);
        expect(await unread(other.id)).to.equal(0);
        expect(await markRead(direct.id, me.id, ids[0] ?? '')).to.equal(true);
        expect(await unread(me.id)).to.equal(2);
        // Sending moves the sender's own read position to their message.
        await helpers.post(direct.id, me.id, 1);
        expect(await unread(me.id)).to.equal(0);
        expect(await unread(other.id)).to.equal(1);
      });
    });

    describe('markRead', () => {
      it('moves the read position forward only, never past the newest message', async () => {
        const [me, other] = [await helpers.newUser(), await helpers.newUser()];
        const direct = await stores().channels.findOrCreateDirect(me.id, other.id, me.id, Date.now());
        const [first, second, third] = await helpers.post(direct.id, other.id, 3);
        const position = async () => (await stores().channels.summaryFor(direct.id, me.id))?.lastReadId;
        expect(await markRead(direct.id, me.id, second ?? '')).to.equal(true);
        expect(await position()).to.equal(second);
        expect(await markRead(direct.id, me.id, first ?? '')).to.equal(false);
        expect(await markRead(direct.id, me.id, second ?? '')).to.equal(false);
        expect(await position()).to.equal(second);
        expect(await markRead(direct.id, me.id, '999999999999999999')).to.equal(true);
        expect(await position()).to.equal(third);
        expect((await stores().channels.summaryFor(direct.id, me.id))?.unread).to.equal(0);
        const [fourth] = await helpers.post(direct.id, other.id, 1);
        expect((await stores().channels.summaryFor(direct.id, me.id))?.unread).to.equal(1);
        expect(await markRead(direct.id, other.id, fourth ?? '')).to.equal(false); // theirs already
        const stranger = await helpers.newUser();
        expect(await markRead(direct.id, stranger.id, fourth ?? '')).to.equal(false);
      });

      it('moves many at once as each alone would, and describes each position that moved', async () => {
        const [me, other, third] = [await helpers.newUser(), await helpers.newUser(), await helpers.newUser()];
        const direct = await stores().channels.findOrCreateDirect(me.id, other.id, me.id, Date.now());
        const room = await stores().channels.createRoom({
          name: `r${Date.now()}${Math.random()}`,
          isPrivate: true,
          createdBy: me.id,
          memberIds: [other.id],
          now: Date.now(),
        });
        const [d1, d2] = await helpers.post(direct.id, other.id, 2);
        const [r1] = await helpers.post(room.id, me.id, 1);
        const summaries = await stores().channels.markReadMany([
          { channelId: direct.id, userId: me.id, messageId: d1 ?? '' },
          { channelId: direct.id, userId: me.id, messageId: d2 ?? '' }, // the same member again, further
          { channelId: room.id, userId: other.id, messageId: '999999999999999999' }, // never past the newest
          { channelId: direct.id, userId: other.id, messageId: d2 ?? '' }, // their own: already read
          { channelId: direct.id, userId: third.id, messageId: d2 ?? '' }, // not a member
          { channelId: direct.id, userId: me.id, messageId: 'x' }, // not a position
        ]);
        expect(summaries.map((summary) => summary?.lastReadId)).to.deep.equal([
          d2,
          undefined,
          r1,
          undefined,
          undefined,
          undefined,
        ]);
        expect(summaries[0]).to.deep.include({ unread: 0 });
        expect(summaries[0]?.channel.id).to.equal(direct.id);
        expect(summaries[2]?.channel.id).to.equal(room.id);
        expect((await stores().channels.summaryFor(direct.id, me.id))?.lastReadId).to.equal(d2);
        expect(
          await stores().channels.markReadMany([{ channelId: direct.id, userId: me.id, messageId: d1 ?? '' }]),
        ).to.deep.equal([undefined]);
      });
    });
  });
}
