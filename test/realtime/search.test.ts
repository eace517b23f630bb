/**
 * `searchMessages` over real sockets: the ack shape and rules of docs/protocol.md (terms, prefixes,
 * case, paging, limits, membership now, edits and tombstones, `invalid` and `forbidden`).
 * Runs on SQLite, or on MySQL + Redis when their URLs are set.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Channel, Message } from '../../src/shared';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { connectAs, ok, request, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

type Found = { messages: Message[]; hasMore: boolean };

const codeOf = (response: { ok: boolean; error?: { code: string } }) => (response.ok ? 'ok' : response.error?.code);

/** A word no other message holds: letters only. */
function uniqueWord(): string {
  return `zq${[...randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
}

describe('searchMessages', function () {
  this.timeout(30_000);
  let app: TestApp;
  const open: ClientSocket[] = [];

  before(async () => {
    app = await createTestApp();
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  after(() => app.stop());

  async function user(base = 'user'): Promise<SignedIn & { socket: ClientSocket }> {
    const signed = await signUp(app.url, { username: uniqueName(base) });
    const socket = await connectAs(app.url, signed.cookie);
    open.push(socket);
    return { ...signed, socket };
  }
  async function room(owner: ClientSocket, members: string[] = []): Promise<Channel> {
    const name = uniqueName('room');
    return (await ok<{ channel: Channel }>(owner, 'createRoom', { name, private: true, members })).channel;
  }
  const send = async (socket: ClientSocket, channelId: string, text: string) =>
    (await ok<{ message: Message }>(socket, 'chatMessage', { channelId, text })).message;
  const search = (socket: ClientSocket, payload: Record<string, unknown>) => ok<Found>(socket, 'searchMessages', payload);
  const texts = (found: Found) => found.messages.map((message) => message.text);

  it('answers the messages holding every term at a word start, newest first, as Messages', async () => {
    const alice = await user('alice');
    const channel = await room(alice.socket);
    const tag = uniqueWord();
    const first = await send(alice.socket, channel.id, `${tag} Deploying on Friday`);
    await send(alice.socket, channel.id, `${tag} deploy never`);
    const second = await send(alice.socket, channel.id, `${tag} FRIDAY: deployment done`);
    const found = await search(alice.socket, { query: `  ${tag} deploy fri  ` });
    expect(found).to.deep.equal({ ok: true, messages: [second, first], hasMore: false });
    // "on" is under 3 characters: ignored; "ploy" is inside a word: no match.
    expect(texts(await search(alice.socket, { query: `${tag} on fri` }))).to.have.length(2);
    expect(texts(await search(alice.socket, { query: `${tag} ploy` }))).to.deep.equal([]);
    expect(texts(await search(alice.socket, { query: `${tag.toUpperCase()} ÉCOLE` }))).to.deep.equal([]);
  });

  it('ignores case for non-ASCII letters', async () => {
    const alice = await user('alice');
    const channel = await room(alice.socket);
    const tag = uniqueWord();
    await send(alice.socket, channel.id, `${tag} Ärger über die ÉCOLE, привет МИР`);
    for (const query of [`${tag} ärger`, `${tag} ÜBER`, `${tag} école`, `${tag} мир`, `${tag} ПРИВЕТ`]) {
      expect(texts(await search(alice.socket, { query })), query).to.have.length(1);
    }
  });

  it('pages by `before` with `hasMore`; limit 1–50, default 20', async () => {
    const alice = await user('alice');
    const channel = await room(alice.socket);
    const tag = uniqueWord();
    const sent: Message[] = [];
    for (let i = 0; i < 23; i++) sent.push(await send(alice.socket, channel.id, `${tag} ${i}`));
    const newestFirst = sent.map((message) => message.id).reverse();
    const page = await search(alice.socket, { query: tag });
    expect(page.messages.map((message) => message.id)).to.deep.equal(newestFirst.slice(0, 20));
    expect(page.hasMore).to.equal(true);
    const next = await search(alice.socket, { query: tag, before: page.messages[19]!.id });
    expect(next.messages.map((message) => message.id)).to.deep.equal(newestFirst.slice(20));
    expect(next.hasMore).to.equal(false);
    const small = await search(alice.socket, { query: tag, limit: 2, before: Number(newestFirst[5]) });
    expect(small.messages.map((message) => message.id)).to.deep.equal(newestFirst.slice(6, 8));
    expect((await search(alice.socket, { query: tag, limit: 50 })).messages).to.have.length(23);
  });

  it('covers the channels the user is a member of now; channelId narrows to one of them', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const shared = await room(alice.socket, [bob.username]);
    const own = await room(alice.socket);
    const tag = uniqueWord();
    await send(alice.socket, shared.id, `${tag} shared`);
    await send(alice.socket, own.id, `${tag} own`);
    const direct = (await ok<{ message: Message }>(bob.socket, 'chatMessage', { to: alice.username, text: `${tag} direct` }))
      .message;
    await ok(alice.socket, 'chatMessage', { to: null, text: `${tag} everyone` });
    expect(texts(await search(alice.socket, { query: tag }))).to.deep.equal([
      `${tag} everyone`,
      `${tag} direct`,
      `${tag} own`,
      `${tag} shared`,
    ]);
    expect(texts(await search(bob.socket, { query: tag }))).to.deep.equal([`${tag} everyone`, `${tag} direct`, `${tag} shared`]);
    expect(texts(await search(bob.socket, { query: tag, channelId: direct.channelId }))).to.deep.equal([`${tag} direct`]);
    await ok(bob.socket, 'leaveRoom', { channelId: shared.id });
    expect(texts(await search(bob.socket, { query: tag }))).to.deep.equal([`${tag} everyone`, `${tag} direct`]);
    for (const channelId of [own.id, shared.id, '999999999', 'nope']) {
      expect(codeOf(await request(bob.socket, 'searchMessages', { query: tag, channelId })), channelId).to.equal('forbidden');
    }
  });

  it('finds messages as they are now: edited text, never a tombstone', async () => {
    const alice = await user('alice');
    const channel = await room(alice.socket);
    const [tag, before, after] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const message = await send(alice.socket, channel.id, `${tag} ${before}`);
    const { message: edited } = await ok<{ message: Message }>(alice.socket, 'editMessage', {
      channelId: channel.id,
      messageId: message.id,
      text: `${tag} ${after}`,
    });
    await ok(alice.socket, 'react', { channelId: channel.id, messageId: message.id, emoji: '👍' });
    expect(texts(await search(alice.socket, { query: before }))).to.deep.equal([]);
    const [found] = (await search(alice.socket, { query: after })).messages;
    expect(found).to.deep.include({ id: message.id, text: edited.text, editedAt: edited.editedAt });
    expect(found?.reactions).to.deep.equal([{ emoji: '👍', users: [alice.username] }]);
    await ok(alice.socket, 'deleteMessage', { channelId: channel.id, messageId: message.id });
    expect(texts(await search(alice.socket, { query: tag }))).to.deep.equal([]);
  });

  it('is invalid without a term of 3 characters, or outside the limits; operators are words', async () => {
    const alice = await user('alice');
    const channel = await room(alice.socket);
    const tag = uniqueWord();
    await send(alice.socket, channel.id, `${tag} "quoted" text`);
    for (const query of ['', '   ', 'ab', 'a b cd', 'x'.repeat(101), 5, null]) {
      expect(codeOf(await request(alice.socket, 'searchMessages', { query })), String(query)).to.equal('invalid');
    }
    for (const limit of [0, 51, 1.5, '5']) {
      expect(codeOf(await request(alice.socket, 'searchMessages', { query: tag, limit })), String(limit)).to.equal('invalid');
    }
    expect(codeOf(await request(alice.socket, 'searchMessages', { query: tag, before: 'x' }))).to.equal('invalid');
    expect(codeOf(await request(alice.socket, 'searchMessages', { query: 'x'.repeat(100) }))).to.equal('ok');
    for (const query of [`"${tag}" OR "x`, `${tag}* -quoted`, `+${tag} (quot*)`, '***', `${tag} @@@`]) {
      expect(codeOf(await request(alice.socket, 'searchMessages', { query })), query).to.equal('ok');
    }
    expect(texts(await search(alice.socket, { query: `"${tag}" "quot` }))).to.deep.equal([`${tag} "quoted" text`]);
  });
});
