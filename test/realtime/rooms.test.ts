/**
 * The room and nickname rows of docs/protocol.md over a real server: createRoom, listRooms, joinRoom,
 * inviteToRoom, leaveRoom and setNickname with their refusals, `channelUpdate` on membership
 * changes, and delivery of room messages and typing to every tab of every member and to nobody
 * else. Names are unique per run: with MYSQL_URL the database outlives the suite.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Channel, ErrorCode, Message, ServerToClientEvents, User } from '../../src/shared';
import { signUp, uniqueName } from '../support/http';
import { ok, record, request, sleep, useSocketStage, waitFor, type ClientSocket } from '../support/sockets';

type Person = { name: string; cookie: string; tabs: ClientSocket[] };
type ChannelReply = { channel: Channel };
type Page = { channel: Channel; messages: Message[]; hasMore: boolean };

/** Long enough for an event that is coming to have arrived, when another socket already got its copy. */
const QUIET_MS = 150;

/** A room name nobody else has used, even in a database that persists between runs. */
function roomName(prefix: string): string {
  return `${prefix} ${randomBytes(5).toString('hex')}`;
}

describe('rooms and nicknames over Socket.IO', () => {
  const stage = useSocketStage();

  /** A new user with `tabs` connected sockets (each fully set up: rooms joined). */
  async function person(tabs = 1, prefix = 'room'): Promise<Person> {
    const account = await signUp(stage.app.url, { username: uniqueName(prefix) });
    const sockets: ClientSocket[] = [];
    for (let i = 0; i < tabs; i++) sockets.push(await stage.connect(account.cookie));
    return { name: account.username, cookie: account.cookie, tabs: sockets };
  }

  async function newTab(who: Person): Promise<ClientSocket> {
    const socket = await stage.connect(who.cookie);
    who.tabs.push(socket);
    return socket;
  }

  function tab(who: Person, index = 0): ClientSocket {
    const socket = who.tabs[index];
    if (!socket) throw new Error(`${who.name} has no tab ${index}`);
    return socket;
  }

  async function refused(socket: ClientSocket, event: Parameters<typeof request>[1], payload: unknown, code: ErrorCode) {
    const response = await request(socket, event, payload);
    expect(response.ok, `${event} ${JSON.stringify(payload)} should be refused`).to.equal(false);
    if (!response.ok) expect(response.error.code, `${event} ${JSON.stringify(payload)}`).to.equal(code);
  }

  async function createRoom(who: Person, payload: { name: string; private?: boolean; members?: string[] }) {
    return (await ok<ChannelReply>(tab(who), 'createRoom', payload)).channel;
  }

  async function send(who: Person, channelId: string, text: string): Promise<Message> {
    return (await ok<{ message: Message }>(tab(who), 'chatMessage', { channelId, text })).message;
  }

  async function channelsOf(who: Person): Promise<Channel[]> {
    return (await ok<{ channels: Channel[] }>(tab(who), 'channels')).channels;
  }

  /** Records `event` on every tab of every person given, keyed by tab. */
  function recordAll<E extends keyof ServerToClientEvents>(people: Person[], event: E) {
    return people.flatMap((who) => who.tabs.map((socket) => record(socket, event)));
  }

  const membersOf = (channel: Channel | undefined) => [...(channel?.members ?? [])].sort();
  const sorted = (...names: string[]) => [...names].sort();

  describe('createRoom', () => {
    it('creates a public room with its creator as the only member; every tab of the creator hears it', async () => {
      const alice = await person(2);
      const otherTab = waitFor(tab(alice, 1), 'channelUpdate', (c) => c.kind === 'room');
      const name = roomName('Design');
      const channel = await createRoom(alice, { name });
      expect(channel).to.deep.include({ kind: 'room', name, members: [alice.name], unread: 0 });
      expect(channel.id).to.be.a('string');
      expect((await otherTab).id).to.equal(channel.id);
      const listed = (await channelsOf(alice)).find((c) => c.id === channel.id);
      expect(listed).to.deep.include({ kind: 'room', name, unread: 0 });
    });

    it('makes the initial members of a private room members at once: channelUpdate and messages on all their tabs', async () => {
      const alice = await person();
      const bob = await person(2);
      const carol = await person();
      const stranger = await person(2);
      const updates = [...bob.tabs, ...carol.tabs].map((socket) => waitFor(socket, 'channelUpdate', (c) => c.kind === 'room'));
      const strangerHears = recordAll([stranger], 'chatMessage');
      const channel = await createRoom(alice, {
        name: roomName('Secret'),
        private: true,
        members: [bob.name.toUpperCase(), carol.name],
      });
      expect(membersOf(channel)).to.deep.equal(sorted(alice.name, bob.name, carol.name));
      for (const update of await Promise.all(updates)) {
        expect(update.id).to.equal(channel.id);
        expect(membersOf(update)).to.deep.equal(sorted(alice.name, bob.name, carol.name));
      }
      const arrivals = [...bob.tabs, ...carol.tabs].map((socket) =>
        waitFor(socket, 'chatMessage', (m) => m.channelId === channel.id),
      );
      const sent = await send(alice, channel.id, 'welcome to the secret room');
      for (const message of await Promise.all(arrivals)) expect(message).to.deep.equal(sent);
      await sleep(QUIET_MS);
      expect(strangerHears.flat()).to.deep.equal([]);
    });

    it('refuses a public name already taken, ignoring case, with invalid; of two racing creates one wins', async () => {
      const alice = await person();
      const bob = await person();
      const name = roomName('Général Ünïcode');
      await createRoom(alice, { name });
      await refused(tab(bob), 'createRoom', { name: name.toUpperCase() }, 'invalid');
      await refused(tab(bob), 'createRoom', { name: `  ${name.toLowerCase()}  ` }, 'invalid');
      await refused(tab(alice), 'createRoom', { name }, 'invalid');

      const raced = roomName('Race');
      const results = await Promise.all([
        request(tab(alice), 'createRoom', { name: raced }),
        request(tab(bob), 'createRoom', { name: raced.toUpperCase() }),
      ]);
      expect(results.filter((r) => r.ok)).to.have.length(1);
      const loser = results.find((r) => !r.ok);
      expect(loser && !loser.ok && loser.error.code).to.equal('invalid');
      const { channels } = await ok<{ channels: Channel[] }>(tab(alice), 'listRooms', { query: raced });
      expect(channels).to.have.length(1);
    });

    it('lets private rooms share any name: they do not take it from public rooms or each other', async () => {
      const alice = await person();
      const name = roomName('Shared');
      const first = await createRoom(alice, { name, private: true });
      const second = await createRoom(alice, { name: name.toLowerCase(), private: true });
      const published = await createRoom(alice, { name: name.toUpperCase() });
      const third = await createRoom(alice, { name, private: true });
      expect(new Set([first.id, second.id, published.id, third.id]).size).to.equal(4);
      await refused(tab(alice), 'createRoom', { name }, 'invalid');
    });

    it('takes names of 1 to 64 code points after trimming, and refuses empty, blank, longer and control characters', async () => {
      const alice = await person();
      const one = await createRoom(alice, { name: '  x  ', private: true });
      expect(one.name).to.equal('x');
      const emoji64 = '🦊'.repeat(64); // 64 code points, 128 UTF-16 units
      expect((await createRoom(alice, { name: emoji64, private: true })).name).to.equal(emoji64);
      const publicLong = `${roomName('L')} ${'é'.repeat(64)}`.slice(0, 64);
      expect((await createRoom(alice, { name: publicLong })).name).to.equal(publicLong);

      const before = (await channelsOf(alice)).length;
      for (const name of [
        '',
        '   ',
        '🦊'.repeat(65),
        'x'.repeat(65),
        'bell\u0007',
        'line\nbreak',
        'tab\there',
        'nul\u0000',
        'del\u007f',
      ]) {
        await refused(tab(alice), 'createRoom', { name }, 'invalid');
      }
      for (const payload of [
        null,
        'name',
        {},
        { name: 42 },
        { name: ['x'] },
        { name: 'ok', private: 'yes' },
        { name: 'ok', members: 'bob' },
        { name: 'ok', members: [5] },
      ]) {
        await refused(tab(alice), 'createRoom', payload, 'invalid');
      }
      expect((await channelsOf(alice)).length, 'no refused room was created').to.equal(before);
    });

    it('answers not_found for an unknown initial member and creates nothing', async () => {
      const alice = await person();
      const bob = await person();
      const name = roomName('Ghosts');
      await refused(tab(alice), 'createRoom', { name, members: [bob.name, 'no_such_user_zz9'] }, 'not_found');
      const { channels } = await ok<{ channels: Channel[] }>(tab(alice), 'listRooms', { query: name });
      expect(channels).to.deep.equal([]);
      expect((await channelsOf(bob)).some((c) => c.kind === 'room' && c.name === name)).to.equal(false);
    });
  });

  describe('listRooms', () => {
    it('finds public rooms whose name contains the query, ignoring case, and never private ones', async () => {
      const alice = await person();
      const bob = await person();
      const tag = randomBytes(5).toString('hex');
      const upper = await createRoom(alice, { name: `Book CLUB ${tag}` });
      const lower = await createRoom(alice, { name: `the book club ${tag} west` });
      await createRoom(alice, { name: `Book club ${tag} secret`, private: true });
      await createRoom(alice, { name: `Film ${tag}` });

      const { channels } = await ok<{ channels: Channel[] }>(tab(bob), 'listRooms', { query: `ook Club ${tag}` });
      expect(channels.map((c) => c.id).sort()).to.deep.equal([upper.id, lower.id].sort());
      for (const channel of channels) expect(channel).to.include({ kind: 'room' });
      const all = await ok<{ channels: Channel[] }>(tab(bob), 'listRooms', { query: tag.toUpperCase() });
      expect(all.channels.map((c) => c.name).sort()).to.deep.equal([
        `Book CLUB ${tag}`,
        `Film ${tag}`,
        `the book club ${tag} west`,
      ]);
      const secret = await ok<{ channels: Channel[] }>(tab(alice), 'listRooms', { query: `${tag} secret` });
      expect(secret.channels).to.deep.equal([]);
    });

    it('treats % and _ in the query as plain characters', async () => {
      const alice = await person();
      const tag = randomBytes(5).toString('hex');
      const percent = await createRoom(alice, { name: `100% ${tag}` });
      await createRoom(alice, { name: `100x ${tag}` });
      const { channels } = await ok<{ channels: Channel[] }>(tab(alice), 'listRooms', { query: `0% ${tag}` });
      expect(channels.map((c) => c.id)).to.deep.equal([percent.id]);
      // Were _ a wildcard, "0_ tag" would match both names.
      const underscore = await ok<{ channels: Channel[] }>(tab(alice), 'listRooms', { query: `0_ ${tag}` });
      expect(underscore.channels).to.deep.equal([]);
    });

    it('lists public rooms with no payload, an empty object or an empty query, and refuses a query of the wrong shape', async () => {
      const alice = await person();
      await createRoom(alice, { name: roomName('Lobby') });
      const bare = await ok<{ channels: Channel[] }>(tab(alice), 'listRooms');
      expect(bare.channels).to.be.an('array').with.length.above(0);
      for (const payload of [{}, { query: '' }, { query: '   ' }]) {
        const reply = await ok<{ channels: Channel[] }>(tab(alice), 'listRooms', payload);
        expect(reply.channels).to.be.an('array').with.length.above(0);
        for (const channel of reply.channels) expect(channel.private).to.not.equal(true);
      }
      for (const payload of [{ query: 5 }, { query: 'x'.repeat(65) }, 'text', [], 42]) {
        await refused(tab(alice), 'listRooms', payload, 'invalid');
      }
    });
  });

  describe('joinRoom', () => {
    it('lets anyone join a public room: all their tabs hear it at once, members get channelUpdate', async () => {
      const alice = await person(2);
      const bob = await person(2);
      const room = await createRoom(alice, { name: roomName('Open') });
      const aliceSees = tab(alice, 1);
      const membersChange = waitFor(aliceSees, 'channelUpdate', (c) => c.id === room.id && (c.members ?? []).includes(bob.name));
      const bobOtherTab = waitFor(tab(bob, 1), 'channelUpdate', (c) => c.id === room.id);
      const { channel } = await ok<ChannelReply>(tab(bob), 'joinRoom', { channelId: room.id });
      expect(channel).to.deep.include({ id: room.id, kind: 'room', unread: 0 });
      expect(membersOf(channel)).to.deep.equal(sorted(alice.name, bob.name));
      expect(membersOf(await membersChange)).to.deep.equal(sorted(alice.name, bob.name));
      expect((await bobOtherTab).id).to.equal(room.id);

      const arrivals = bob.tabs.map((socket) => waitFor(socket, 'chatMessage', (m) => m.channelId === room.id));
      const sent = await send(alice, room.id, 'hello joiner');
      for (const message of await Promise.all(arrivals)) expect(message.id).to.equal(sent.id);
    });

    it('is harmless when already a member', async () => {
      const alice = await person();
      const room = await createRoom(alice, { name: roomName('Twice') });
      const again = await ok<ChannelReply>(tab(alice), 'joinRoom', { channelId: room.id });
      expect(again.channel.members).to.deep.equal([alice.name]);
    });

    it('refuses a private room, a direct channel, Everyone and an unknown id with forbidden', async () => {
      const alice = await person();
      const bob = await person();
      const mallory = await person();
      const secret = await createRoom(alice, { name: roomName('Closed'), private: true });
      const direct = await ok<Page>(tab(alice), 'chatHistory', { with: bob.name });
      const everyone = (await channelsOf(mallory)).find((c) => c.kind === 'everyone');
      for (const channelId of [secret.id, direct.channel.id, everyone?.id, '999999999', 'not-an-id']) {
        await refused(tab(mallory), 'joinRoom', { channelId }, 'forbidden');
      }
      await refused(tab(bob), 'joinRoom', { channelId: secret.id }, 'forbidden');
      const page = await request(tab(mallory), 'chatHistory', { channelId: secret.id });
      expect(page.ok === false && page.error.code).to.equal('forbidden');
      await refused(tab(mallory), 'joinRoom', { channelId: 7 }, 'invalid');
      await refused(tab(mallory), 'joinRoom', {}, 'invalid');
    });
  });

  describe('inviteToRoom', () => {
    it('makes the invitee a member at once: channelUpdate and the next message on all their tabs', async () => {
      const alice = await person(2);
      const bob = await person(2);
      const room = await createRoom(alice, { name: roomName('Team'), private: true });
      const earlier = await send(alice, room.id, 'said before bob came');
      const bobUpdates = bob.tabs.map((socket) => waitFor(socket, 'channelUpdate', (c) => c.id === room.id));
      const aliceOtherTab = waitFor(tab(alice, 1), 'channelUpdate', (c) => c.id === room.id && (c.members ?? []).length === 2);
      const { channel } = await ok<ChannelReply>(tab(alice), 'inviteToRoom', {
        channelId: room.id,
        username: bob.name.toUpperCase(),
      });
      expect(membersOf(channel)).to.deep.equal(sorted(alice.name, bob.name));
      for (const update of await Promise.all(bobUpdates)) {
        expect(update).to.deep.include({ kind: 'room', name: room.name, unread: 0 });
        expect(membersOf(update)).to.deep.equal(sorted(alice.name, bob.name));
      }
      await aliceOtherTab;
      // No waiting: the ack came after the invitee's sockets joined the room.
      const arrivals = bob.tabs.map((socket) => waitFor(socket, 'chatMessage', (m) => m.channelId === room.id));
      const sent = await send(alice, room.id, 'welcome bob');
      for (const message of await Promise.all(arrivals)) expect(message.id).to.equal(sent.id);
      const history = await ok<Page>(tab(bob), 'chatHistory', { channelId: room.id });
      expect(history.messages.map((m) => m.id)).to.deep.equal([earlier.id, sent.id]);
    });

    it('lets any member invite, and a tab opened later joins the room on connect', async () => {
      const alice = await person();
      const bob = await person();
      const carol = await person();
      const room = await createRoom(alice, { name: roomName('Chain'), private: true, members: [bob.name] });
      await ok(tab(bob), 'inviteToRoom', { channelId: room.id, username: carol.name });
      const late = await newTab(carol);
      const arrival = waitFor(late, 'chatMessage', (m) => m.channelId === room.id);
      const sent = await send(bob, room.id, 'carol, your new tab hears this');
      expect((await arrival).id).to.equal(sent.id);
    });

    it('refuses a stranger with forbidden, an unknown user with not_found, and leaves the room unchanged', async () => {
      const alice = await person();
      const mallory = await person(2);
      const bob = await person();
      const room = await createRoom(alice, { name: roomName('Guarded'), private: true });
      const malloryHears = recordAll([mallory], 'channelUpdate');
      await refused(tab(mallory), 'inviteToRoom', { channelId: room.id, username: mallory.name }, 'forbidden');
      await refused(tab(mallory), 'inviteToRoom', { channelId: room.id, username: bob.name }, 'forbidden');
      await refused(tab(mallory), 'inviteToRoom', { channelId: '999999999', username: bob.name }, 'forbidden');
      await refused(tab(alice), 'inviteToRoom', { channelId: room.id, username: 'no_such_user_zz9' }, 'not_found');
      await refused(tab(alice), 'inviteToRoom', { channelId: room.id }, 'invalid');
      await refused(tab(alice), 'inviteToRoom', { channelId: room.id, username: 5 }, 'invalid');
      const direct = await ok<Page>(tab(alice), 'chatHistory', { with: bob.name });
      await refused(tab(alice), 'inviteToRoom', { channelId: direct.channel.id, username: mallory.name }, 'invalid');
      const everyone = (await channelsOf(alice)).find((c) => c.kind === 'everyone');
      await refused(tab(alice), 'inviteToRoom', { channelId: everyone?.id, username: mallory.name }, 'invalid');

      const page = await ok<Page>(tab(alice), 'chatHistory', { channelId: room.id });
      expect(page.channel.members).to.deep.equal([alice.name]);
      await sleep(QUIET_MS);
      expect(malloryHears.flat()).to.deep.equal([]);
      expect((await channelsOf(mallory)).some((c) => c.id === room.id)).to.equal(false);
    });

    it('is harmless for someone who is already a member', async () => {
      const alice = await person();
      const bob = await person();
      const room = await createRoom(alice, { name: roomName('Again'), members: [bob.name] });
      const { channel } = await ok<ChannelReply>(tab(alice), 'inviteToRoom', { channelId: room.id, username: bob.name });
      expect(membersOf(channel)).to.deep.equal(sorted(alice.name, bob.name));
    });
  });

  describe('leaveRoom', () => {
    it('tells every tab of the leaver (without them in members) and the others; the leaver stops hearing messages and typing at once', async () => {
      const alice = await person();
      const bob = await person(2);
      const carol = await person();
      const room = await createRoom(alice, { name: roomName('Leavers'), members: [bob.name, carol.name] });
      const leaverUpdates = bob.tabs.map((socket) =>
        waitFor(socket, 'channelUpdate', (c) => c.id === room.id && !(c.members ?? []).includes(bob.name)),
      );
      const othersUpdates = [alice, carol].map((who) =>
        waitFor(tab(who), 'channelUpdate', (c) => c.id === room.id && !(c.members ?? []).includes(bob.name)),
      );
      expect(await ok(tab(bob), 'leaveRoom', { channelId: room.id })).to.deep.equal({ ok: true });
      for (const update of await Promise.all(leaverUpdates)) {
        expect(update).to.include({ id: room.id, kind: 'room' });
        expect(membersOf(update)).to.deep.equal(sorted(alice.name, carol.name));
      }
      for (const update of await Promise.all(othersUpdates))
        expect(membersOf(update)).to.deep.equal(sorted(alice.name, carol.name));

      const bobHears = [...recordAll([bob], 'chatMessage'), ...recordAll([bob], 'typing')];
      const carolTyping = waitFor(tab(carol), 'typing', (n) => n.channelId === room.id);
      tab(alice).emit('typing', { channelId: room.id });
      expect(await carolTyping).to.deep.equal({ channelId: room.id, username: alice.name });
      const carolMessage = waitFor(tab(carol), 'chatMessage', (m) => m.channelId === room.id);
      await send(alice, room.id, 'bob is gone');
      await carolMessage;
      await sleep(QUIET_MS);
      expect(bobHears.flat()).to.deep.equal([]);

      await refused(tab(bob), 'chatMessage', { channelId: room.id, text: 'let me back' }, 'forbidden');
      await refused(tab(bob), 'chatHistory', { channelId: room.id }, 'forbidden');
      await refused(tab(bob), 'typing', { channelId: room.id }, 'forbidden');
      await refused(tab(bob), 'inviteToRoom', { channelId: room.id, username: bob.name }, 'forbidden');
      await refused(tab(bob), 'leaveRoom', { channelId: room.id }, 'forbidden');
      expect((await channelsOf(bob)).some((c) => c.id === room.id)).to.equal(false);
    });

    it('ends the leaver’s typing notice for the others', async () => {
      const alice = await person();
      const bob = await person();
      const room = await createRoom(alice, { name: roomName('Typing'), members: [bob.name] });
      const typing = waitFor(tab(alice), 'typing', (n) => n.channelId === room.id);
      tab(bob).emit('typing', { channelId: room.id });
      await typing;
      const done = waitFor(tab(alice), 'doneTyping', (n) => n.channelId === room.id);
      await ok(tab(bob), 'leaveRoom', { channelId: room.id });
      expect(await done).to.deep.equal({ channelId: room.id, username: bob.name });
    });

    it('lets the leaver of a public room join again, but not of a private one', async () => {
      const alice = await person();
      const bob = await person();
      const open = await createRoom(alice, { name: roomName('Revolving'), members: [bob.name] });
      const closed = await createRoom(alice, { name: roomName('Once'), private: true, members: [bob.name] });
      await ok(tab(bob), 'leaveRoom', { channelId: open.id });
      await ok(tab(bob), 'leaveRoom', { channelId: closed.id });
      await ok(tab(bob), 'joinRoom', { channelId: open.id });
      const arrival = waitFor(tab(bob), 'chatMessage', (m) => m.channelId === open.id);
      await send(alice, open.id, 'welcome back');
      await arrival;
      await refused(tab(bob), 'joinRoom', { channelId: closed.id }, 'forbidden');
    });

    it('answers invalid for Everyone and a direct channel, forbidden for an unknown id', async () => {
      const alice = await person();
      const bob = await person();
      const everyone = (await channelsOf(alice)).find((c) => c.kind === 'everyone');
      const direct = await ok<Page>(tab(alice), 'chatHistory', { with: bob.name });
      await refused(tab(alice), 'leaveRoom', { channelId: everyone?.id }, 'invalid');
      await refused(tab(alice), 'leaveRoom', { channelId: direct.channel.id }, 'invalid');
      await refused(tab(alice), 'leaveRoom', { channelId: '999999999' }, 'forbidden');
      await refused(tab(alice), 'leaveRoom', {}, 'invalid');
      // Still in both.
      await ok(tab(alice), 'chatMessage', { channelId: direct.channel.id, text: 'still here' });
      await ok(tab(alice), 'chatMessage', { channelId: everyone?.id, text: 'still here too' });
    });

    it('answers forbidden, not invalid, for somebody else’s direct channel (nothing leaks about it)', async () => {
      const alice = await person();
      const bob = await person();
      const mallory = await person();
      const direct = await ok<Page>(tab(alice), 'chatHistory', { with: bob.name });
      await refused(tab(mallory), 'leaveRoom', { channelId: direct.channel.id }, 'forbidden');
    });
  });

  describe('delivery', () => {
    it('reaches every tab of every member exactly once and no socket of a non-member, typing included', async () => {
      const alice = await person(2);
      const bob = await person(2);
      const outsider = await person(2);
      const room = await createRoom(alice, { name: roomName('Two tabs'), private: true, members: [bob.name] });
      const outsiderHears = [
        ...recordAll([outsider], 'chatMessage'),
        ...recordAll([outsider], 'typing'),
        ...recordAll([outsider], 'doneTyping'),
        ...recordAll([outsider], 'channelUpdate'),
      ];
      const messages = recordAll([alice, bob], 'chatMessage');
      const typerTabs = recordAll([alice], 'typing');

      const bobTyping = bob.tabs.map((socket) => waitFor(socket, 'typing', (n) => n.channelId === room.id));
      tab(alice).emit('typing', { channelId: room.id });
      for (const notice of await Promise.all(bobTyping))
        expect(notice).to.deep.equal({ channelId: room.id, username: alice.name });

      const everywhere = [...alice.tabs, ...bob.tabs].map((socket) => waitFor(socket, 'chatMessage', (m) => m.text === 'second'));
      const first = await send(alice, room.id, 'first');
      const second = await send(bob, room.id, 'second');
      await Promise.all(everywhere);
      await sleep(QUIET_MS);
      for (const seen of messages)
        expect(seen.filter((m) => m.channelId === room.id).map((m) => m.id)).to.deep.equal([first.id, second.id]);
      expect(typerTabs.flat(), 'never back to the typer, on any tab').to.deep.equal([]);
      expect(outsiderHears.flat()).to.deep.equal([]);
      await refused(tab(outsider), 'chatMessage', { channelId: room.id, text: 'let me in' }, 'forbidden');
      await refused(tab(outsider), 'typing', { channelId: room.id }, 'forbidden');
    });
  });

  describe('a tab connecting while its user joins a room', () => {
    /** Runs `meanwhile` once, right after the next socket's room ids were read and before it joins them. */
    function betweenReadAndJoin(meanwhile: () => Promise<unknown>): () => void {
      const store = stage.app.stores.channels;
      const read = store.roomIdsForUser.bind(store);
      store.roomIdsForUser = async (userId) => {
        restore();
        const ids = await read(userId);
        await meanwhile();
        return ids;
      };
      const restore = () => {
        store.roomIdsForUser = read;
      };
      return restore;
    }

    it('still joins a room the user was invited to while it was setting up', async () => {
      const alice = await person();
      const bob = await person();
      const room = await createRoom(alice, { name: roomName('Racing'), private: true });
      const restore = betweenReadAndJoin(() => ok(tab(alice), 'inviteToRoom', { channelId: room.id, username: bob.name }));
      try {
        const late = await newTab(bob);
        const arrival = waitFor(late, 'chatMessage', (m) => m.channelId === room.id);
        const sent = await send(alice, room.id, 'heard by the tab that was connecting');
        expect((await arrival).id).to.equal(sent.id);
      } finally {
        restore();
      }
    });
  });

  describe('a tab connecting while its user leaves a room', () => {
    it('does not stay in a room the user left while it was setting up', async () => {
      const alice = await person();
      const bob = await person();
      const room = await createRoom(alice, { name: roomName('Leaving'), members: [bob.name] });
      const store = stage.app.stores.channels;
      const read = store.roomIdsForUser.bind(store);
      store.roomIdsForUser = async (userId) => {
        store.roomIdsForUser = read;
        const ids = await read(userId);
        await ok(tab(bob), 'leaveRoom', { channelId: room.id });
        return ids;
      };
      try {
        const late = await newTab(bob);
        const heard = record(late, 'chatMessage');
        const everyoneElse = waitFor(tab(alice), 'chatMessage', (m) => m.channelId === room.id);
        await send(alice, room.id, 'not for bob any more');
        await everyoneElse;
        await sleep(QUIET_MS);
        expect(heard.filter((m) => m.channelId === room.id)).to.deep.equal([]);
      } finally {
        store.roomIdsForUser = read;
      }
    });
  });

  describe('history, unread and markRead in a room', () => {
    it('pages like a direct channel and lets a new member read what was said before they joined, with nothing unread', async () => {
      const alice = await person();
      const bob = await person();
      const carol = await person(2);
      const room = await createRoom(alice, { name: roomName('Archive'), members: [bob.name] });
      const sent: Message[] = [];
      for (let i = 0; i < 13; i++) sent.push(await send(i % 2 === 0 ? alice : bob, room.id, `m${i}`));
      const ids = sent.map((m) => m.id);
      expect(ids.map(BigInt)).to.deep.equal([...ids.map(BigInt)].sort((a, b) => (a < b ? -1 : 1)));

      const joined = await ok<ChannelReply>(tab(carol), 'joinRoom', { channelId: room.id });
      expect(joined.channel.unread).to.equal(0);
      expect(joined.channel.lastMessage?.id).to.equal(ids[12]);

      const latest = await ok<Page>(tab(carol), 'chatHistory', { channelId: room.id });
      expect(latest.messages.map((m) => m.text)).to.deep.equal(sent.slice(3).map((m) => m.text));
      expect(latest.hasMore).to.equal(true);
      expect(latest.channel.unread).to.equal(0);
      const older = await ok<Page>(tab(carol), 'chatHistory', { channelId: room.id, before: ids[3], limit: 5 });
      expect(older.messages.map((m) => m.id)).to.deep.equal(ids.slice(0, 3));
      expect(older.hasMore).to.equal(false);
      const after = await ok<Page>(tab(carol), 'chatHistory', { channelId: room.id, after: ids[4], limit: 4 });
      expect(after.messages.map((m) => m.id)).to.deep.equal(ids.slice(5, 9));
      expect(after.hasMore).to.equal(true);
      expect(after.messages[0]).to.deep.include({ from: bob.name, channelId: room.id });
      await refused(tab(carol), 'chatHistory', { channelId: room.id, before: ids[3], after: ids[1] }, 'invalid');
    });

    it('counts unread for every member but the sender; markRead moves forward on all tabs and never back', async () => {
      const alice = await person();
      const bob = await person();
      const carol = await person(2);
      const room = await createRoom(alice, { name: roomName('Counts'), private: true, members: [bob.name, carol.name] });
      const sent: Message[] = [];
      for (const text of ['one', 'two', 'three']) sent.push(await send(bob, room.id, text));
      const unread = async (who: Person) => (await channelsOf(who)).find((c) => c.id === room.id)?.unread;
      expect(await unread(alice)).to.equal(3);
      expect(await unread(carol)).to.equal(3);
      expect(await unread(bob)).to.equal(0);

      const otherTab = waitFor(tab(carol, 1), 'channelUpdate', (c) => c.id === room.id && c.unread === 1);
      await ok(tab(carol), 'markRead', { channelId: room.id, messageId: sent[1]?.id });
      expect((await otherTab).unread).to.equal(1);
      await ok(tab(carol), 'markRead', { channelId: room.id, messageId: sent[0]?.id });
      expect(await unread(carol)).to.equal(1);
      expect(await unread(alice), 'one member reading does not read for another').to.equal(3);

      await send(alice, room.id, 'my reply reads everything before it');
      expect(await unread(alice)).to.equal(0);
      expect(await unread(bob)).to.equal(1);
    });
  });

  describe('setNickname', () => {
    it('sets a trimmed nickname: everyone hears userStatus, and updateUsers and findUsers carry it', async () => {
      const alice = await person(2, 'nick');
      const bob = await person();
      const heard = [tab(bob), tab(alice, 1)].map((socket) =>
        waitFor(socket, 'userStatus', (u) => u.username === alice.name && u.nickname === 'Ally'),
      );
      const { user } = await ok<{ user: User }>(tab(alice), 'setNickname', { nickname: '  Ally  ' });
      expect(user).to.deep.equal({ username: alice.name, nickname: 'Ally', online: true });
      for (const status of await Promise.all(heard)) expect(status).to.deep.equal(user);

      const { users } = await stage.openWithUsers(bob.cookie);
      expect(users.find((u) => u.username === alice.name)).to.deep.include({ nickname: 'Ally', online: true });
      const found = await ok<{ users: User[] }>(tab(bob), 'findUsers', { query: alice.name });
      expect(found.users).to.deep.equal([{ username: alice.name, nickname: 'Ally', online: true }]);
    });

    it('keeps the username as the identity: messages come from the username, whatever the nickname says', async () => {
      const alice = await person(1, 'nick');
      const bob = await person(1, 'nick');
      await ok(tab(bob), 'setNickname', { nickname: `the real ${alice.name}` });
      const room = await createRoom(alice, { name: roomName('Who'), members: [bob.name] });
      const seen = waitFor(tab(alice), 'chatMessage', (m) => m.channelId === room.id);
      const sent = await send(bob, room.id, 'I am bob really');
      expect(sent.from).to.equal(bob.name);
      expect((await seen).from).to.equal(bob.name);
      const page = await ok<Page>(tab(alice), 'chatHistory', { channelId: room.id });
      expect(page.messages.map((m) => m.from)).to.deep.equal([bob.name]);
      expect(page.channel.members).to.include(bob.name);
      const found = await ok<{ users: User[] }>(tab(alice), 'findUsers', { query: alice.name });
      expect(found.users.map((u) => u.username)).to.deep.equal([alice.name]);
    });

    it('takes 1 to 32 code points, refuses control characters and wrong shapes, and changes nothing when refused', async () => {
      const alice = await person(1, 'nick');
      const bob = await person();
      const fox32 = '🦊'.repeat(32);
      expect((await ok<{ user: User }>(tab(alice), 'setNickname', { nickname: fox32 })).user.nickname).to.equal(fox32);
      expect((await ok<{ user: User }>(tab(alice), 'setNickname', { nickname: 'Z' })).user.nickname).to.equal('Z');
      const lastHeard = waitFor(tab(bob), 'userStatus', (u) => u.username === alice.name && u.nickname === 'Zoë 🦊 Ünïcode');
      expect((await ok<{ user: User }>(tab(alice), 'setNickname', { nickname: 'Zoë 🦊 Ünïcode' })).user.nickname).to.equal(
        'Zoë 🦊 Ünïcode',
      );
      // The last change reached bob: from now on nothing more about alice may come.
      await lastHeard;
      const statuses = record(tab(bob), 'userStatus');
      const bad = [
        '',
        '   ',
        '🦊'.repeat(33),
        'x'.repeat(33),
        'bell\u0007',
        'two\nlines',
        'tab\there',
        'nul\u0000',
        'esc\u001b[31m',
        'c1\u0085',
      ];
      for (const nickname of bad) await refused(tab(alice), 'setNickname', { nickname }, 'invalid');
      for (const payload of [{}, { nickname: 5 }, { nickname: ['x'] }, null, 'Ally']) {
        await refused(tab(alice), 'setNickname', payload, 'invalid');
      }
      const found = await ok<{ users: User[] }>(tab(bob), 'findUsers', { query: alice.name });
      expect(found.users[0]?.nickname).to.equal('Zoë 🦊 Ünïcode');
      await sleep(QUIET_MS);
      expect(statuses.filter((u) => u.username === alice.name)).to.deep.equal([]);
    });

    it('refuses as invalid a nickname that reads as another user’s username, ignoring case and look-alikes', async () => {
      const bob = await person(1, 'bolo');
      const alice = await person(1, 'nick');
      const statuses = record(tab(bob), 'userStatus');
      // "bolo_<hex>": the o and l letters have look-alikes; hex digits 0 and 1 too.
      const lookAlikes = [
        bob.name,
        bob.name.toUpperCase(),
        `@${bob.name}`,
        ` ${bob.name} `,
        bob.name.replace(/o/g, '\u043e'), // Cyrillic о
        bob.name.replace(/l/g, '1').replace(/o/g, '0'),
        bob.name.replace(/l/g, 'I'),
        bob.name.replace('o', '\u03bf'), // Greek ο
        bob.name.replace('_', '\u200b_'), // a zero-width space inside
        bob.name.replace(/o/g, '\uff4f'), // fullwidth ｏ (NFKC)
      ];
      for (const nickname of lookAlikes) {
        const response = await request(tab(alice), 'setNickname', { nickname });
        expect(response.ok, JSON.stringify(nickname)).to.equal(false);
        if (!response.ok) {
          expect(response.error.code).to.equal('invalid');
          expect(response.error.message).to.match(/username/);
        }
      }
      // Her own username, and names merely like bob's, are fine.
      await ok(tab(alice), 'setNickname', { nickname: alice.name.toUpperCase() });
      await ok(tab(alice), 'setNickname', { nickname: `${bob.name}x` });
      await ok(tab(alice), 'setNickname', { nickname: 'Bobby B' });
      await sleep(QUIET_MS);
      expect(statuses.filter((u) => u.username === alice.name && u.nickname).map((u) => u.nickname)).to.deep.equal([
        alice.name.toUpperCase(),
        `${bob.name}x`,
        'Bobby B',
      ]);
      const found = await ok<{ users: User[] }>(tab(bob), 'findUsers', { query: alice.name });
      expect(found.users[0]?.nickname).to.equal('Bobby B');
    });

    it('clears the nickname with null, and everyone hears the user without one', async () => {
      const alice = await person(1, 'nick');
      const bob = await person();
      await ok(tab(alice), 'setNickname', { nickname: 'Temporary' });
      const cleared = waitFor(tab(bob), 'userStatus', (u) => u.username === alice.name && u.nickname === undefined);
      const { user } = await ok<{ user: User }>(tab(alice), 'setNickname', { nickname: null });
      expect(user).to.deep.equal({ username: alice.name, online: true });
      expect(await cleared).to.deep.equal(user);
      const found = await ok<{ users: User[] }>(tab(bob), 'findUsers', { query: alice.name });
      expect(found.users[0]).to.not.have.property('nickname');
    });
  });
});
