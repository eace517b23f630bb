/**
 * Room events over a real server (issue 14, defect 9): joins, invitations and leaves are told live
 * to the room's members as `roomEvent` and come back with history as the ack's `events`, each
 * with the page that holds its place. They are never messages: message counts, ids, `unread` and
 * `lastMessage` stay exactly as the contract says. Names are unique per run (MySQL persists).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Channel, HistoryResult, Message, RoomEvent } from '../../src/shared';
import { signUp, uniqueName } from '../support/http';
import { ok, record, useSocketStage, waitFor, type ClientSocket } from '../support/sockets';
import { eventually } from '../support/waiting';

type Person = { name: string; socket: ClientSocket };

const summary = (events: readonly RoomEvent[] | undefined) =>
  (events ?? []).map((event) => [event.kind, event.actor, event.target ?? '', event.afterMessageId].join(' '));

describe('room events over Socket.IO', () => {
  const stage = useSocketStage();

  async function person(prefix: string): Promise<Person> {
    const account = await signUp(stage.app.url, { username: uniqueName(prefix) });
    return { name: account.username, socket: await stage.connect(account.cookie) };
  }

  const createRoom = async (who: Person, payload: { name: string; private?: boolean; members?: string[] }) =>
    (await ok<{ channel: Channel }>(who.socket, 'createRoom', payload)).channel;
  const send = async (who: Person, channelId: string, text: string) =>
    (await ok<{ message: Message }>(who.socket, 'chatMessage', { channelId, text })).message;
  const history = (who: Person, payload: Record<string, unknown>) => ok<HistoryResult>(who.socket, 'chatHistory', payload);
  const roomName = (prefix: string) => `${prefix} ${randomBytes(5).toString('hex')}`;

  it('stores create, invite, join and leave, tells the members live, and returns them with history', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    const carol = await person('carol');
    const dave = await person('dave');
    const room = await createRoom(alice, { name: roomName('Events'), members: [bob.name] });
    const hello = await send(alice, room.id, 'hello');

    const bobHears = record(bob.socket, 'roomEvent');
    const carolHearsAdded = waitFor(carol.socket, 'roomEvent', (event) => event.channelId === room.id);
    await ok(alice.socket, 'inviteToRoom', { channelId: room.id, username: carol.name });
    const added = await carolHearsAdded;
    expect(added).to.deep.include({
      channelId: room.id,
      kind: 'added',
      actor: alice.name,
      target: carol.name,
      afterMessageId: hello.id,
    });
    expect(new Date(added.at).toISOString()).to.equal(added.at);

    const daveHears = waitFor(dave.socket, 'roomEvent', (event) => event.channelId === room.id);
    await ok(dave.socket, 'joinRoom', { channelId: room.id });
    expect(await daveHears).to.deep.include({ kind: 'joined', actor: dave.name });
    const bye = await send(bob, room.id, 'bye');
    const aliceHearsLeft = waitFor(alice.socket, 'roomEvent', (event) => event.kind === 'left');
    await ok(bob.socket, 'leaveRoom', { channelId: room.id });
    expect(await aliceHearsLeft).to.deep.include({ kind: 'left', actor: bob.name, afterMessageId: bye.id });
    // Bob heard what happened while he was a member, not his own leaving (he is out of the room).
    await eventually(
      async () => summary(bobHears),
      (seen) => seen.length >= 2,
      { what: "bob's room events" },
    );
    expect(summary(bobHears)).to.deep.equal([
      `added ${alice.name} ${carol.name} ${hello.id}`,
      `joined ${dave.name}  ${hello.id}`,
    ]);

    const page = await history(carol, { channelId: room.id });
    expect(page.messages.map((message) => message.text)).to.deep.equal(['hello', 'bye']);
    expect(summary(page.events)).to.deep.equal([
      `created ${alice.name}  0`,
      `added ${alice.name} ${bob.name} 0`,
      `added ${alice.name} ${carol.name} ${hello.id}`,
      `joined ${dave.name}  ${hello.id}`,
      `left ${bob.name}  ${bye.id}`,
    ]);
    // Events are no messages: the channel's unread and last message are the messages' alone.
    expect(page.channel.unread).to.equal(1); // bye, after carol was added
    expect(page.channel.lastMessage?.id).to.equal(bye.id);
    const listed = (await ok<{ channels: Channel[] }>(dave.socket, 'channels')).channels.find((c) => c.id === room.id);
    expect(listed).to.deep.include({ unread: 1 });
    expect(listed?.lastMessage?.id).to.equal(bye.id);
  });

  it('places each event in exactly one page, paging back with before and forward with after', async () => {
    const owner = await person('owner');
    const room = await createRoom(owner, { name: roomName('Paging') });
    const guests = await Promise.all([1, 2, 3, 4, 5, 6].map(() => person('guest')));
    const messages: Message[] = [];
    // m1 m2, guest 1 joins, m3, m4, guest 2 joins, m5 … : an event after every second message.
    for (const [index, guest] of guests.entries()) {
      messages.push(await send(owner, room.id, `m${2 * index + 1}`), await send(owner, room.id, `m${2 * index + 2}`));
      await ok(guest.socket, 'joinRoom', { channelId: room.id });
    }
    const all = summary((await history(owner, { channelId: room.id, limit: 50 })).events);
    expect(all).to.have.length(7); // created, then six joins
    expect(all[0]).to.equal(`created ${owner.name}  0`);

    // Backwards, 5 messages a page: 12 messages in pages of 2, 5, 5.
    const backwards: string[][] = [];
    let page = await history(owner, { channelId: room.id, limit: 5 });
    backwards.unshift(summary(page.events));
    while (page.hasMore) {
      page = await history(owner, { channelId: room.id, before: page.messages[0]?.id, limit: 5 });
      backwards.unshift(summary(page.events));
    }
    expect(backwards.flat()).to.deep.equal(all);
    // The oldest page (m1 m2) holds the creation and the join after m2; the latest (m8…m12) the joins after m8 and m10 and m12.
    expect(backwards.map((events) => events.length)).to.deep.equal([2, 2, 3]);

    // Forwards from the beginning, 4 a page, as a client catching up would.
    const forwards: string[] = [];
    let after = '0';
    for (;;) {
      const next = await history(owner, { channelId: room.id, after, limit: 4 });
      forwards.push(...summary(next.events));
      const last = next.messages[next.messages.length - 1];
      if (!next.hasMore || !last) break;
      after = last.id;
    }
    expect(forwards).to.deep.equal(all);

    // A window around a message, as a search result opens it: before id+1 and after id meet without a gap.
    const middle = messages[5]?.id ?? '';
    const older = await history(owner, { channelId: room.id, before: String(BigInt(middle) + 1n), limit: 3 });
    const newer = await history(owner, { channelId: room.id, after: middle, limit: 3 });
    const places = [...(older.events ?? []), ...(newer.events ?? [])].map((event) => event.afterMessageId);
    const span = [...older.messages, ...newer.messages].map((message) => message.id);
    const expected = (await history(owner, { channelId: room.id, limit: 50 })).events?.filter(
      (event) =>
        BigInt(event.afterMessageId) >= BigInt(span[0] ?? '0') && BigInt(event.afterMessageId) < BigInt(span.at(-1) ?? '0'),
    );
    expect(places).to.include.members((expected ?? []).map((event) => event.afterMessageId));
  });

  it('sends no events with the history of Everyone or of a direct channel', async () => {
    const erin = await person('erin');
    const frank = await person('frank');
    const direct = await history(erin, { with: frank.name });
    expect(direct).to.not.have.property('events');
    const everyone = (await ok<{ channels: Channel[] }>(erin.socket, 'channels')).channels.find((c) => c.kind === 'everyone');
    const page = await history(erin, { channelId: everyone?.id });
    expect(page).to.not.have.property('events');
  });
});
