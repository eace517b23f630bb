import { expect } from 'chai';
import { Engine } from '../../../src/chat/engine';
import { ChatError } from '../../../src/chat/errors';
import type { Actor, ChatEvent } from '../../../src/chat/events';
import { createMemoryStores, type MemoryStores } from '../../../src/store/memory';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).to.be.instanceOf(ChatError);
  expect((error as ChatError).code).to.equal(code); // checked to be a ChatError just above
}

describe('Engine', () => {
  let stores: MemoryStores;
  let engine: Engine;
  let events: ChatEvent[];
  let alice: Actor;
  let bob: Actor;
  let carol: Actor;

  async function user(username: string): Promise<Actor> {
    const record = await stores.users.create({ username, passwordHash: 'x', now: Date.now() });
    return { id: record.id, username: record.username };
  }

  beforeEach(async () => {
    stores = createMemoryStores();
    engine = new Engine({ ...stores, presenceGraceMs: 50, typingTimeoutMs: 100 });
    events = [];
    engine.subscribe((event) => events.push(event));
    alice = await user('alice');
    bob = await user('Bob');
    carol = await user('carol');
  });
  afterEach(() => engine.close());

  describe('sendMessage', () => {
    it('stores a private message and reports it once, with the sender as from', async () => {
      const message = await engine.sendMessage(alice, { to: 'BOB', text: 'hi' });
      expect(message).to.include({ from: 'alice', text: 'hi' });
      const reported = events.filter((e) => e.type === 'message');
      expect(reported).to.have.length(1);
      expect(reported[0]?.type === 'message' && reported[0].channel.directPair).to.have.members([alice.id, bob.id]);
    });

    it('sends to everyone when to is null or empty', async () => {
      const one = await engine.sendMessage(alice, { to: null, text: 'a' });
      const two = await engine.sendMessage(alice, { to: '', text: 'b' });
      const everyone = await stores.channels.getEveryone();
      expect([one.channelId, two.channelId]).to.deep.equal([everyone.id, everyone.id]);
    });

    it('refuses unknown users, oneself, and channels the user is not in', async () => {
      await expectCode(engine.sendMessage(alice, { to: 'nobody', text: 'x' }), 'not_found');
      await expectCode(engine.sendMessage(alice, { to: 'alice', text: 'x' }), 'invalid');
      const message = await engine.sendMessage(alice, { to: 'Bob', text: 'private' });
      await expectCode(engine.sendMessage(carol, { channelId: message.channelId, text: 'x' }), 'forbidden');
      await expectCode(engine.sendMessage(carol, { channelId: '424242', text: 'x' }), 'forbidden');
    });

    it('stores one message per clientId and reports it once', async () => {
      const first = await engine.sendMessage(alice, { to: 'Bob', text: 'x', clientId: 'c1' });
      const again = await engine.sendMessage(alice, { to: 'Bob', text: 'x', clientId: 'c1' });
      expect(again).to.deep.equal(first);
      expect(events.filter((e) => e.type === 'message')).to.have.length(1);
    });

    it('stores and reports concurrent sends in call order with increasing ids', async () => {
      const sends = Array.from({ length: 30 }, (_, i) => engine.sendMessage(alice, { to: null, text: `n${i}` }));
      const messages = await Promise.all(sends);
      expect(messages.map((m) => m.text)).to.deep.equal(Array.from({ length: 30 }, (_, i) => `n${i}`));
      const reported = events.flatMap((e) => (e.type === 'message' ? [e.message.id] : []));
      expect(reported).to.deep.equal(messages.map((m) => m.id));
      expect(reported.map(Number)).to.deep.equal([...reported.map(Number)].sort((a, b) => a - b));
    });

    it('announces a direct channel to both members at its first message only', async () => {
      await engine.sendMessage(alice, { to: 'Bob', text: 'one' });
      await engine.sendMessage(alice, { to: 'Bob', text: 'two' });
      await sleep(10);
      const updates = events.filter((e) => e.type === 'channelUpdate');
      expect(updates.map((e) => e.type === 'channelUpdate' && e.userId)).to.have.members([alice.id, bob.id]);
      const forBob = updates.find((e) => e.type === 'channelUpdate' && e.userId === bob.id);
      expect(forBob?.type === 'channelUpdate' && forBob.channel).to.deep.include({ name: 'alice', kind: 'direct' });
    });

    it('does not announce a direct channel again after a restart, when it had messages already', async () => {
      await engine.sendMessage(alice, { to: 'Bob', text: 'before the restart' });
      await engine.close();
      const restarted = new Engine({ ...stores, presenceGraceMs: 50, typingTimeoutMs: 100 });
      const after: string[] = [];
      restarted.subscribe((event) => after.push(event.type));
      try {
        await restarted.sendMessage(bob, { to: 'alice', text: 'after it' });
        await sleep(10);
        expect(after).to.include('message');
        expect(after).to.not.include('channelUpdate');
      } finally {
        await restarted.close();
      }
    });
  });

  describe('history', () => {
    it('finds or creates one direct channel per pair and pages by key', async () => {
      const opened = await engine.history(alice, { with: 'bob' });
      const reverse = await engine.history(bob, { with: 'alice' });
      expect(opened.channel.id).to.equal(reverse.channel.id);
      for (let i = 0; i < 12; i++) await engine.sendMessage(bob, { channelId: opened.channel.id, text: `m${i}` });
      const latest = await engine.history(alice, { channelId: opened.channel.id });
      expect(latest.messages.map((m) => m.text)).to.deep.equal(['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11']);
      expect(latest.hasMore).to.equal(true);
      const older = await engine.history(alice, { channelId: opened.channel.id, before: latest.messages[0]?.id });
      expect(older.messages.map((m) => m.text)).to.deep.equal(['m0', 'm1']);
      expect(older.hasMore).to.equal(false);
      expect(latest.channel.unread).to.equal(12);
    });

    it('refuses a stranger with forbidden', async () => {
      const opened = await engine.history(alice, { with: 'bob' });
      await expectCode(engine.history(carol, { channelId: opened.channel.id }), 'forbidden');
    });
  });

  describe('presence', () => {
    it('treats many sockets as one presence and goes offline after the grace', async () => {
      await engine.connect(alice, 's1');
      await engine.connect(alice, 's2');
      await engine.disconnect(alice, 's1');
      await sleep(80);
      const statuses = () => events.flatMap((e) => (e.type === 'userStatus' ? [e.user.online] : []));
      expect(statuses()).to.deep.equal([true]);
      await engine.disconnect(alice, 's2');
      await sleep(80);
      expect(statuses()).to.deep.equal([true, false]);
    });

    it('says nothing when a page reload comes back within the grace', async () => {
      await engine.connect(alice, 's1');
      await engine.disconnect(alice, 's1');
      await engine.connect(alice, 's2');
      await sleep(80);
      expect(events.filter((e) => e.type === 'userStatus')).to.have.length(1);
    });

    it('gives a new socket every user with online flags', async () => {
      await engine.connect(bob, 'b1');
      const { users } = await engine.connect(alice, 'a1');
      expect(users.map((u) => [u.username, u.online])).to.deep.equal([
        ['alice', true],
        ['Bob', true],
        ['carol', false],
      ]);
    });

    const statusEvents = () => events.flatMap((e) => (e.type === 'userStatus' ? [e] : []));

    it('tells everyone on a small site: a status without an audience', async () => {
      await engine.connect(alice, 'a1');
      expect(statusEvents()).to.have.length(1);
      expect(statusEvents()[0]?.audience).to.equal(undefined);
    });

    describe('on a large site (more than 500 users)', () => {
      const room = (creator: Actor, members: Actor[]) =>
        stores.channels.createRoom({
          name: 'r',
          isPrivate: true,
          createdBy: creator.id,
          memberIds: members.map((m) => m.id),
          now: Date.now(),
        });

      it('gives a new socket its partners, then its small rooms’ members, by name, never others', async () => {
        for (let i = 0; i < 500; i++) await user(`extra${i}`);
        const [dave, erin, zed] = [await user('dave'), await user('Erin'), await user('zed')];
        await engine.sendMessage(alice, { to: 'zed', text: 'partner' });
        await engine.sendMessage(alice, { to: 'carol', text: 'partner' });
        await room(dave, [alice, erin, zed]);
        await engine.connect(bob, 'b1');
        const { users } = await engine.connect(alice, 'a1');
        expect(users.map((u) => [u.username, u.online])).to.deep.equal([
          ['carol', false],
          ['zed', false],
          ['dave', false],
          ['Erin', false],
        ]);
      });

      it('lists at most 1000, partners first', async () => {
        const extras: Actor[] = [];
        for (let i = 0; i < 1100; i++) extras.push(await user(`extra${String(i).padStart(4, '0')}`));
        await engine.sendMessage(alice, { to: 'carol', text: 'partner' });
        await room(alice, extras.slice(0, 450));
        await room(alice, extras.slice(450, 900));
        await room(alice, extras.slice(900, 1100));
        const { users } = await engine.connect(alice, 'a1');
        expect(users).to.have.length(1000);
        expect(users[0]?.username).to.equal('carol');
        expect(users.map((u) => u.username)).to.include.members(['extra0000', 'extra0899']);
      });

      it('tells a status to the partners, the small rooms and the watchers, never to a room past 500', async () => {
        const extras: Actor[] = [];
        for (let i = 0; i < 501; i++) extras.push(await user(`extra${i}`));
        await engine.sendMessage(alice, { to: 'carol', text: 'partner' });
        const small = await room(bob, [alice]);
        await room(bob, [alice, ...extras]);
        await engine.connect(alice, 'a1');
        expect(statusEvents().map((e) => e.audience)).to.deep.equal([
          { userIds: [alice.id, carol.id], roomIds: [small.id], watchersOf: alice.id },
        ]);
        await engine.setNickname(alice, 'Ally');
        expect(statusEvents()[1]).to.deep.include({ user: { username: 'alice', nickname: 'Ally', online: true } });
        expect(statusEvents()[1]?.audience?.roomIds).to.deep.equal([small.id]);
      });
    });

    it('answers a watch with the presence of those that exist, in the order asked, after subscribing', async () => {
      await engine.connect(bob, 'b1');
      const subscribed: string[][] = [];
      const users = await engine.watchPresence(['CAROL', 'nobody', 'bob'], async (ids) => {
        subscribed.push(ids);
      });
      expect(users.map((u) => [u.username, u.online])).to.deep.equal([
        ['carol', false],
        ['Bob', true],
      ]);
      expect(subscribed.map((ids) => [...ids].sort())).to.deep.equal([[bob.id, carol.id].sort()]);
    });
  });

  describe('typing', () => {
    it('asks the typing store nothing when a message is sent by someone not typing, and ends a notice that is', async () => {
      let stops = 0;
      const typing = stores.typing;
      const counted = new Engine({
        ...stores,
        typingTimeoutMs: 10_000,
        typing: {
          ...typing,
          start: typing.start.bind(typing),
          channelsOf: typing.channelsOf.bind(typing),
          stop: (c, u) => (stops++, typing.stop(c, u)),
        },
      });
      const seen: ChatEvent[] = [];
      counted.subscribe((event) => seen.push(event));
      try {
        const { channel } = await counted.history(alice, { with: 'bob' });
        for (const text of ['one', 'two', 'three']) await counted.sendMessage(alice, { channelId: channel.id, text });
        expect(stops, 'store calls for senders not typing').to.equal(0);
        await counted.typing(alice, channel.id);
        await counted.sendMessage(alice, { channelId: channel.id, text: 'four' });
        expect(stops).to.equal(1);
        expect(seen.filter((e) => e.type === 'doneTyping')).to.have.length(1);
      } finally {
        await counted.close();
      }
    });

    it('reports typing and ends it by itself after the timeout', async () => {
      const { channel } = await engine.history(alice, { with: 'bob' });
      await engine.typing(alice, channel.id);
      await sleep(150);
      expect(events.filter((e) => e.type === 'typing' || e.type === 'doneTyping').map((e) => e.type)).to.deep.equal([
        'typing',
        'doneTyping',
      ]);
    });

    it('logs a lapse it cannot announce (the users store away) instead of leaving the rejection unhandled', async () => {
      const logged: string[] = [];
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      const lapsing = new Engine({ ...stores, typingTimeoutMs: 30, logger: { error: (_obj, msg) => logged.push(msg ?? '') } });
      process.prependListener('unhandledRejection', onUnhandled);
      try {
        const { channel } = await lapsing.history(alice, { with: 'bob' });
        await lapsing.typing(alice, channel.id);
        stores.users.findById = () => Promise.reject(new Error('users store away'));
        await sleep(100);
        expect(unhandled).to.deep.equal([]);
        expect(logged).to.include('ending a lapsed typing notice failed');
      } finally {
        process.removeListener('unhandledRejection', onUnhandled);
        await lapsing.close();
      }
    });

    it('refuses a non-member with forbidden and reports nothing', async () => {
      const { channel } = await engine.history(alice, { with: 'bob' });
      await expectCode(engine.typing(carol, channel.id), 'forbidden');
      expect(events.filter((e) => e.type === 'typing')).to.deep.equal([]);
    });
  });

  describe('markRead', () => {
    it('moves forward only and reports the new count to the reader', async () => {
      const first = await engine.sendMessage(alice, { to: 'bob', text: '1' });
      const second = await engine.sendMessage(alice, { to: 'bob', text: '2' });
      events.length = 0;
      await engine.markRead(bob, second.channelId, second.id);
      await engine.markRead(bob, first.channelId, first.id);
      const updates = events.filter((e) => e.type === 'channelUpdate');
      expect(updates).to.have.length(1);
      expect(updates[0]?.type === 'channelUpdate' && updates[0].channel.unread).to.equal(0);
    });
  });

  describe('rooms', () => {
    it('creates a public room, refuses its name again ignoring case, and lists it', async () => {
      const room = await engine.rooms.create(alice, { name: 'General' });
      expect(room).to.deep.include({ kind: 'room', name: 'General', members: ['alice'] });
      await expectCode(engine.rooms.create(bob, { name: 'general' }), 'invalid');
      const listed = await engine.rooms.list('ENER');
      expect(listed.map((r) => r.id)).to.deep.equal([room.id]);
    });

    it('lets anyone join a public room but nobody join a private one', async () => {
      const open = await engine.rooms.create(alice, { name: 'open' });
      const closed = await engine.rooms.create(alice, { name: 'closed', private: true });
      const joined = await engine.rooms.join(bob, open.id);
      expect(joined.members).to.have.members(['alice', 'Bob']);
      await expectCode(engine.rooms.join(bob, closed.id), 'forbidden');
      expect(await engine.rooms.list('closed')).to.deep.equal([]);
      const direct = await engine.history(alice, { with: 'carol' });
      await expectCode(engine.rooms.join(bob, direct.channel.id), 'forbidden');
    });

    it('lets only members invite; the invitee is a member at once and reads the whole history', async () => {
      const room = await engine.rooms.create(alice, { name: 'team', private: true });
      await engine.sendMessage(alice, { channelId: room.id, text: 'before bob' });
      await expectCode(engine.rooms.invite(carol, room.id, 'Bob'), 'forbidden');
      await engine.rooms.invite(alice, room.id, 'bob');
      const history = await engine.history(bob, { channelId: room.id });
      expect(history.messages.map((m) => m.text)).to.deep.equal(['before bob']);
      expect(history.channel.unread).to.equal(0);
      expect(events.some((e) => e.type === 'membership' && e.userId === bob.id && e.joined)).to.equal(true);
    });

    it('lets a member leave; afterwards they are refused and invalid is answered for non-rooms', async () => {
      const room = await engine.rooms.create(alice, { name: 'leavers', members: ['bob'] });
      await engine.rooms.leave(bob, room.id);
      await expectCode(engine.sendMessage(bob, { channelId: room.id, text: 'x' }), 'forbidden');
      const leaverUpdate = events.find(
        (e) => e.type === 'channelUpdate' && e.userId === bob.id && !e.channel.members?.includes('Bob'),
      );
      expect(leaverUpdate).to.not.equal(undefined);
      const everyone = await stores.channels.getEveryone();
      await expectCode(engine.rooms.leave(alice, everyone.id), 'invalid');
    });
  });

  describe('setNickname', () => {
    it('sets and clears a nickname and tells everyone', async () => {
      const named = await engine.setNickname(alice, 'Ally');
      expect(named).to.include({ username: 'alice', nickname: 'Ally' });
      const cleared = await engine.setNickname(alice, null);
      expect(cleared).to.not.have.property('nickname');
      expect(events.filter((e) => e.type === 'userStatus')).to.have.length(2);
    });
  });
});
