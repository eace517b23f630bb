/**
 * Message actions over real sockets: edit, delete, react, reply, mentions and read receipts.
 * For each rule: the ack, who hears what (every tab of every member, nobody else), and what is
 * stored (history as it is now). Runs on SQLite, or on MySQL + Redis when their URLs are set.
 */
import { expect } from 'chai';
import type { Channel, Message, ReadReceipt } from '../../src/shared';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { connectAs, ok, record, request, sleep, waitFor, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { PNG_1X1, uploaded } from '../support/uploads';

type History = { channel: Channel; messages: Message[]; hasMore: boolean };

const codeOf = (response: { ok: boolean; error?: { code: string } }) => (response.ok ? 'ok' : response.error?.code);

describe('message actions', function () {
  this.timeout(20_000);
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
  async function tab(who: SignedIn): Promise<ClientSocket> {
    const socket = await connectAs(app.url, who.cookie);
    open.push(socket);
    return socket;
  }
  async function room(owner: ClientSocket, members: string[] = []): Promise<Channel> {
    const name = uniqueName('room');
    return (await ok<{ channel: Channel }>(owner, 'createRoom', { name, private: true, members })).channel;
  }
  const send = async (socket: ClientSocket, payload: Record<string, unknown>) =>
    (await ok<{ message: Message }>(socket, 'chatMessage', payload)).message;
  const history = (socket: ClientSocket, channelId: string, extra: Record<string, unknown> = {}) =>
    ok<History>(socket, 'chatHistory', { channelId, limit: 50, ...extra });
  const stored = async (socket: ClientSocket, message: Message) =>
    (await history(socket, message.channelId)).messages.find((m) => m.id === message.id);

  describe('editMessage', () => {
    it('changes the text, sets editedAt, and every tab of every member hears messageUpdated; nobody else', async () => {
      const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
      const bobTab = await tab(bob);
      const channel = await room(alice.socket, [bob.username]);
      const message = await send(alice.socket, { channelId: channel.id, text: 'helo', clientId: 'c1' });
      const heard = [alice.socket, bob.socket, bobTab].map((s) => waitFor(s, 'messageUpdated', (m) => m.id === message.id));
      const carolHeard = record(carol.socket, 'messageUpdated');

      const { message: edited } = await ok<{ message: Message }>(alice.socket, 'editMessage', {
        channelId: channel.id,
        messageId: message.id,
        text: '  hello  ',
      });
      expect(edited).to.deep.include({ id: message.id, text: 'hello', from: alice.username, clientId: 'c1' });
      expect(Date.parse(edited.editedAt ?? '')).to.be.at.least(Date.parse(message.sentAt));
      expect(edited.editedAt).to.match(/Z$/);
      for (const payload of await Promise.all(heard)) expect(payload).to.deep.equal(edited);
      expect(await stored(bob.socket, message)).to.deep.equal(edited);
      const { channels } = await ok<{ channels: Channel[] }>(bob.socket, 'channels');
      expect(channels.find((c) => c.id === channel.id)?.lastMessage).to.deep.equal(edited);
      const caughtUp = await history(bob.socket, channel.id, { after: String(BigInt(message.id) - 1n) });
      expect(caughtUp.messages[0]).to.deep.equal(edited);
      await sleep(100);
      expect(carolHeard).to.deep.equal([]);
    });

    it("refuses someone else's message (forbidden), a stranger (forbidden), an unknown id (not_found)", async () => {
      const [alice, bob, carol] = [await user(), await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const other = await room(alice.socket);
      const message = await send(alice.socket, { channelId: channel.id, text: 'mine' });
      const elsewhere = await send(alice.socket, { channelId: other.id, text: 'elsewhere' });
      const heard = record(alice.socket, 'messageUpdated');
      const edit = (socket: ClientSocket, channelId: string, messageId: string) =>
        request(socket, 'editMessage', { channelId, messageId, text: 'changed' });
      expect(codeOf(await edit(bob.socket, channel.id, message.id))).to.equal('forbidden');
      expect(codeOf(await edit(carol.socket, channel.id, message.id))).to.equal('forbidden');
      expect(codeOf(await edit(carol.socket, '999999999', message.id))).to.equal('forbidden');
      expect(codeOf(await edit(alice.socket, channel.id, elsewhere.id))).to.equal('not_found');
      expect(codeOf(await edit(alice.socket, channel.id, '999999999999'))).to.equal('not_found');
      expect(
        codeOf(await request(alice.socket, 'editMessage', { channelId: channel.id, messageId: message.id, text: ' ' })),
      ).to.equal('invalid');
      expect(
        codeOf(
          await request(alice.socket, 'editMessage', { channelId: channel.id, messageId: message.id, text: 'x'.repeat(4001) }),
        ),
      ).to.equal('invalid');
      expect(await stored(alice.socket, message)).to.deep.equal(message);
      await sleep(100);
      expect(heard).to.deep.equal([]);
    });

    it('acks the same text unchanged and tells no one; a tombstone is invalid', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const message = await send(alice.socket, { channelId: channel.id, text: 'same' });
      const heard = record(bob.socket, 'messageUpdated');
      const again = await ok<{ message: Message }>(alice.socket, 'editMessage', {
        channelId: channel.id,
        messageId: message.id,
        text: ' same ',
      });
      expect(again.message).to.deep.equal(message);
      await ok(alice.socket, 'deleteMessage', { channelId: channel.id, messageId: message.id });
      const response = await request(alice.socket, 'editMessage', { channelId: channel.id, messageId: message.id, text: 'x' });
      expect(codeOf(response)).to.equal('invalid');
      await sleep(100);
      expect(heard.map((m) => m.deleted)).to.deep.equal([true]);
    });
  });

  describe('deleteMessage', () => {
    it('leaves a tombstone in place that every member hears; deleting again is harmless and silent', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const first = await send(bob.socket, { channelId: channel.id, text: 'first' });
      const doomed = await send(alice.socket, {
        channelId: channel.id,
        text: `reply to @${bob.username}`,
        replyTo: first.id,
        clientId: 'gone',
      });
      await ok(bob.socket, 'react', { channelId: channel.id, messageId: doomed.id, emoji: '👍' });
      const last = await send(bob.socket, { channelId: channel.id, text: 'last' });
      const heard = [alice.socket, bob.socket].map((s) => waitFor(s, 'messageUpdated', (m) => m.deleted === true));

      expect(await ok(alice.socket, 'deleteMessage', { channelId: channel.id, messageId: doomed.id })).to.deep.equal({
        ok: true,
      });
      const tombstone = {
        id: doomed.id,
        channelId: channel.id,
        from: alice.username,
        text: '',
        sentAt: doomed.sentAt,
        clientId: 'gone',
        deleted: true,
      };
      for (const payload of await Promise.all(heard)) expect(payload).to.deep.equal(tombstone);
      const { messages } = await history(bob.socket, channel.id);
      expect(messages.map((m) => m.id)).to.deep.equal([first.id, doomed.id, last.id]);
      expect(messages[1]).to.deep.equal(tombstone);

      const later = record(bob.socket, 'messageUpdated');
      expect(await ok(alice.socket, 'deleteMessage', { channelId: channel.id, messageId: doomed.id })).to.deep.equal({
        ok: true,
      });
      expect(codeOf(await request(bob.socket, 'react', { channelId: channel.id, messageId: doomed.id, emoji: '👍' }))).to.equal(
        'invalid',
      );
      expect(codeOf(await request(bob.socket, 'chatMessage', { channelId: channel.id, text: 'x', replyTo: doomed.id }))).to.equal(
        'invalid',
      );
      await sleep(100);
      expect(later).to.deep.equal([]);
    });

    it('refuses other senders (forbidden), strangers (forbidden) and unknown ids (not_found)', async () => {
      const [alice, bob, carol] = [await user(), await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const message = await send(alice.socket, { channelId: channel.id, text: 'keep me' });
      const remove = (socket: ClientSocket, channelId: string, messageId: string) =>
        request(socket, 'deleteMessage', { channelId, messageId });
      expect(codeOf(await remove(bob.socket, channel.id, message.id))).to.equal('forbidden');
      expect(codeOf(await remove(carol.socket, channel.id, message.id))).to.equal('forbidden');
      expect(codeOf(await remove(alice.socket, channel.id, '999999999999'))).to.equal('not_found');
      expect(await stored(alice.socket, message)).to.deep.equal(message);
    });
  });

  describe('react', () => {
    it('adds and removes reactions in order, harmless when already so, heard by every member', async () => {
      const [alice, bob, carol] = [await user(), await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const message = await send(alice.socket, { channelId: channel.id, text: 'react to me' });
      const react = (socket: ClientSocket, emoji: string, on?: boolean) =>
        ok<{ message: Message }>(socket, 'react', { channelId: channel.id, messageId: message.id, emoji, on });
      const aliceHeard = record(alice.socket, 'messageUpdated');

      const first = await react(bob.socket, '👍🏽');
      expect(first.message.reactions).to.deep.equal([{ emoji: '👍🏽', users: [bob.username] }]);
      await react(alice.socket, '🇫🇷');
      const third = await react(alice.socket, '👍🏽', true);
      expect(third.message.reactions).to.deep.equal([
        { emoji: '👍🏽', users: [bob.username, alice.username] },
        { emoji: '🇫🇷', users: [alice.username] },
      ]);
      const unchanged = await react(alice.socket, '👍🏽');
      expect(unchanged.message).to.deep.equal(third.message);
      const off = await react(bob.socket, '👍🏽', false);
      expect(off.message.reactions).to.deep.equal([
        { emoji: '👍🏽', users: [alice.username] },
        { emoji: '🇫🇷', users: [alice.username] },
      ]);
      expect((await react(bob.socket, '👍🏽', false)).message).to.deep.equal(off.message);
      await sleep(100);
      expect(aliceHeard.map((m) => m.reactions?.length)).to.deep.equal([1, 2, 2, 2]);
      expect(aliceHeard.at(-1)).to.deep.equal(off.message);
      expect(await stored(bob.socket, message)).to.deep.equal(off.message);

      expect(
        codeOf(await request(carol.socket, 'react', { channelId: channel.id, messageId: message.id, emoji: '👍' })),
      ).to.equal('forbidden');
      expect(
        codeOf(await request(bob.socket, 'react', { channelId: channel.id, messageId: '999999999999', emoji: '👍' })),
      ).to.equal('not_found');
    });

    it('announces changes made at once each as the message stood after it, one change apart, in order', async () => {
      const [alice, bob, carol] = [await user(), await user(), await user()];
      const channel = await room(alice.socket, [bob.username, carol.username]);
      const message = await send(alice.socket, { channelId: channel.id, text: 'v1' });
      const watcher = await tab(alice);
      const heard = record(watcher, 'messageUpdated');
      const react = (socket: ClientSocket, emoji: string) =>
        ok<{ message: Message }>(socket, 'react', { channelId: channel.id, messageId: message.id, emoji });
      // Sent together, so they share batches: each must still see the ones before it.
      await Promise.all([
        react(bob.socket, '👍'),
        react(carol.socket, '🎉'),
        ok(alice.socket, 'editMessage', { channelId: channel.id, messageId: message.id, text: 'v2' }),
        react(bob.socket, '🔥'),
        react(carol.socket, '👍'),
      ]);
      for (let tries = 0; heard.length < 5 && tries < 100; tries++) await sleep(20);
      const changes = (m: Message) =>
        (m.reactions ?? []).reduce((sum, reaction) => sum + reaction.users.length, 0) + (m.text === 'v2' ? 1 : 0);
      expect(heard.map(changes)).to.deep.equal([1, 2, 3, 4, 5]);
      expect(heard.at(-1)).to.deep.equal(await stored(alice.socket, message));
    });

    it('takes one RGI emoji only: sequences yes, text, pairs and lone parts no', async () => {
      const [alice] = [await user()];
      const channel = await room(alice.socket);
      const message = await send(alice.socket, { channelId: channel.id, text: 'emoji' });
      const react = (emoji: unknown) => request(alice.socket, 'react', { channelId: channel.id, messageId: message.id, emoji });
      for (const emoji of ['👨‍👩‍👧‍👦', '🏳️‍🌈', '1️⃣', '🧑🏽‍🤝‍🧑🏿']) expect(codeOf(await react(emoji)), emoji).to.equal('ok');
      for (const emoji of ['', 'ok', '👍👍', '👍 x', '🏽', '🇫', 5])
        expect(codeOf(await react(emoji)), String(emoji)).to.equal('invalid');
      expect((await stored(alice.socket, message))?.reactions?.map((r) => r.emoji)).to.deep.equal(['👨‍👩‍👧‍👦', '🏳️‍🌈', '1️⃣', '🧑🏽‍🤝‍🧑🏿']);
    });

    it('allows 20 different emoji on a message and refuses a 21st with invalid', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const message = await send(alice.socket, { channelId: channel.id, text: 'popular' });
      const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗'];
      expect(emoji).to.have.length(20);
      for (const [i, e] of emoji.entries()) {
        await ok((i % 2 ? alice : bob).socket, 'react', { channelId: channel.id, messageId: message.id, emoji: e });
      }
      const response = await request(bob.socket, 'react', { channelId: channel.id, messageId: message.id, emoji: '🤩' });
      expect(codeOf(response)).to.equal('invalid');
      await ok(bob.socket, 'react', { channelId: channel.id, messageId: message.id, emoji: '😁' });
      expect((await stored(alice.socket, message))?.reactions).to.have.length(20);
    });
  });

  describe('replies', () => {
    it('quotes the message replied to as it is now, cut to 200 code points', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const long = `${'😀'.repeat(150)}${'a'.repeat(100)}`;
      const original = await send(bob.socket, { channelId: channel.id, text: long });
      const heard = waitFor(bob.socket, 'chatMessage', (m) => m.replyTo !== undefined);
      const reply = await send(alice.socket, { channelId: channel.id, text: 'answer', replyTo: original.id });
      const quote = { id: original.id, from: bob.username, text: `${'😀'.repeat(150)}${'a'.repeat(50)}` };
      expect(reply.replyTo).to.deep.equal(quote);
      expect(await heard).to.deep.equal(reply);

      await ok(bob.socket, 'editMessage', { channelId: channel.id, messageId: original.id, text: 'short now' });
      expect((await stored(alice.socket, reply))?.replyTo).to.deep.equal({ ...quote, text: 'short now' });
      await ok(bob.socket, 'deleteMessage', { channelId: channel.id, messageId: original.id });
      expect((await stored(alice.socket, reply))?.replyTo).to.deep.equal({
        id: original.id,
        from: bob.username,
        text: '',
        deleted: true,
      });
    });

    it('answers a retry (same clientId) with the stored reply after the original was edited or deleted', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const original = await send(bob.socket, { channelId: channel.id, text: 'question' });
      const payload = { channelId: channel.id, text: 'answer', replyTo: original.id, clientId: 'reply-1' };
      const delivered = waitFor(bob.socket, 'chatMessage', (m) => m.clientId === 'reply-1');
      const reply = await send(alice.socket, payload);
      await delivered;
      const bobHeard = record(bob.socket, 'chatMessage');

      await ok(bob.socket, 'editMessage', { channelId: channel.id, messageId: original.id, text: 'question, edited' });
      const afterEdit = await send(alice.socket, payload);
      expect(afterEdit).to.deep.equal({ ...reply, replyTo: { ...reply.replyTo, text: 'question, edited' } });

      await ok(bob.socket, 'deleteMessage', { channelId: channel.id, messageId: original.id });
      const afterDelete = await send(alice.socket, payload);
      expect(afterDelete).to.deep.equal({ ...reply, replyTo: { id: original.id, from: bob.username, text: '', deleted: true } });
      // A new message (another clientId) still may not reply to the tombstone.
      const fresh = await request(alice.socket, 'chatMessage', { ...payload, clientId: 'reply-2' });
      expect(codeOf(fresh)).to.equal('invalid');

      expect((await history(alice.socket, channel.id)).messages.map((m) => m.id)).to.deep.equal([original.id, reply.id]);
      await sleep(100);
      expect(bobHeard).to.deep.equal([]);
    });

    it('answers a retry of a deleted message with its tombstone, attachments gone', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const file = await uploaded(alice, PNG_1X1, 'a.png');
      const payload = { channelId: channel.id, text: 'with a file', clientId: 'file-1', attachments: [file.id] };
      const message = await send(alice.socket, payload);
      await ok(alice.socket, 'deleteMessage', { channelId: channel.id, messageId: message.id });
      const again = await send(alice.socket, payload);
      expect(again).to.deep.include({ id: message.id, text: '', deleted: true });
      expect(again).not.to.have.property('attachments');
      expect((await history(bob.socket, channel.id)).messages).to.have.length(1);
    });

    it('refuses a reply to another channel or an unknown id with not_found, storing nothing', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const other = await room(bob.socket);
      const elsewhere = await send(bob.socket, { channelId: other.id, text: 'elsewhere' });
      for (const replyTo of [elsewhere.id, '999999999999']) {
        const response = await request(alice.socket, 'chatMessage', { channelId: channel.id, text: 'x', replyTo });
        expect(codeOf(response)).to.equal('not_found');
      }
      expect(codeOf(await request(alice.socket, 'chatMessage', { channelId: channel.id, text: 'x', replyTo: 'abc' }))).to.equal(
        'invalid',
      );
      expect((await history(alice.socket, channel.id)).messages).to.deep.equal([]);
    });
  });

  describe('mentions', () => {
    it('lists mentioned members in registered spelling, first appearance first, never non-members', async () => {
      const [alice, bob, carol] = [await user('Alice'), await user('Bob'), await user('Carol')];
      const channel = await room(alice.socket, [bob.username]);
      const text = `@${bob.username.toUpperCase()}. and @${carol.username} and @${alice.username} and @${bob.username} x@${bob.username}.com`;
      const message = await send(alice.socket, { channelId: channel.id, text });
      expect(message.mentions).to.deep.equal([bob.username, alice.username]);

      const everyone = await send(alice.socket, { to: null, text: `hey @${carol.username.toLowerCase()}` });
      expect(everyone.mentions).to.deep.equal([carol.username]);
      const plain = await send(alice.socket, { channelId: channel.id, text: 'nobody @nobody_at_all' });
      expect(plain).not.to.have.property('mentions');
    });

    it('counts unread mentions in Channel.mentions, cleared by reading past them, recomputed on edit', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const view = async () =>
        (await ok<{ channels: Channel[] }>(bob.socket, 'channels')).channels.find((c) => c.id === channel.id);
      expect((await view())?.mentions).to.equal(0);
      const first = await send(alice.socket, { channelId: channel.id, text: `hi @${bob.username}` });
      const second = await send(alice.socket, { channelId: channel.id, text: 'no mention' });
      expect(await view()).to.deep.include({ unread: 2, mentions: 1 });

      const edited = await ok<{ message: Message }>(alice.socket, 'editMessage', {
        channelId: channel.id,
        messageId: second.id,
        text: `now @${bob.username}`,
      });
      expect(edited.message.mentions).to.deep.equal([bob.username]);
      expect(await view()).to.deep.include({ unread: 2, mentions: 2 });
      await ok(alice.socket, 'editMessage', { channelId: channel.id, messageId: first.id, text: 'hi' });
      expect((await view())?.mentions).to.equal(1);

      const updated = waitFor(bob.socket, 'channelUpdate', (c) => c.id === channel.id);
      await ok(bob.socket, 'markRead', { channelId: channel.id, messageId: second.id });
      expect(await updated).to.deep.include({ unread: 0, mentions: 0 });
      expect(
        (await ok<{ channels: Channel[] }>(alice.socket, 'channels')).channels.find((c) => c.id === channel.id)?.mentions,
      ).to.equal(0);
    });
  });

  describe('read receipts', () => {
    it("tell the other member's tabs in a direct channel, and Channel.readUpTo shows the other's position", async () => {
      const [alice, bob] = [await user(), await user()];
      const aliceTab = await tab(alice);
      const { channel } = await ok<History>(alice.socket, 'chatHistory', { with: bob.username });
      expect(channel).not.to.have.property('readUpTo');
      const m1 = await send(alice.socket, { channelId: channel.id, text: 'one' });
      const alicesSend = waitFor(bob.socket, 'readReceipt', (r) => r.username === alice.username && r.messageId !== m1.id);
      const m2 = await send(alice.socket, { channelId: channel.id, text: 'two' });
      expect(await alicesSend, "alice's send moved her read position").to.deep.include({ messageId: m2.id });
      const bobReceipts = record(bob.socket, 'readReceipt');
      const receipts = [alice.socket, aliceTab].map((s) => waitFor(s, 'readReceipt', (r) => r.messageId === m2.id));

      await ok(bob.socket, 'markRead', { channelId: channel.id, messageId: m2.id });
      const expected: ReadReceipt = { channelId: channel.id, username: bob.username, messageId: m2.id };
      for (const receipt of await Promise.all(receipts)) expect(receipt).to.deep.equal(expected);
      const aliceView = (await ok<{ channels: Channel[] }>(alice.socket, 'channels')).channels.find((c) => c.id === channel.id);
      expect(aliceView?.readUpTo).to.equal(m2.id);

      const aliceHeard = record(alice.socket, 'readReceipt');
      await ok(bob.socket, 'markRead', { channelId: channel.id, messageId: m1.id });
      await sleep(150);
      expect(aliceHeard, 'never back').to.deep.equal([]);
      expect(bobReceipts, "the reader's own tabs hear none").to.deep.equal([]);
    });

    it("follow a send: the sender's read position moves to their message, and the other member hears it", async () => {
      const [alice, bob] = [await user(), await user()];
      const { channel } = await ok<History>(alice.socket, 'chatHistory', { with: bob.username });
      const alicesSend = waitFor(bob.socket, 'readReceipt');
      await send(alice.socket, { channelId: channel.id, text: 'hi bob' });
      await alicesSend;
      const bobHeard = record(bob.socket, 'readReceipt');
      const receipt = waitFor(alice.socket, 'readReceipt');
      const reply = await send(bob.socket, { channelId: channel.id, text: 'hi alice' });
      expect(await receipt).to.deep.equal({ channelId: channel.id, username: bob.username, messageId: reply.id });
      const aliceView = (await ok<{ channels: Channel[] }>(alice.socket, 'channels')).channels.find((c) => c.id === channel.id);
      expect(aliceView?.readUpTo).to.equal(reply.id);
      await sleep(150);
      expect(bobHeard, "the sender's own tabs hear none").to.deep.equal([]);
    });

    it('are not sent in rooms or everyone', async () => {
      const [alice, bob] = [await user(), await user()];
      const channel = await room(alice.socket, [bob.username]);
      const message = await send(alice.socket, { channelId: channel.id, text: 'room' });
      const heard = record(alice.socket, 'readReceipt');
      await ok(bob.socket, 'markRead', { channelId: channel.id, messageId: message.id });
      await sleep(150);
      expect(heard).to.deep.equal([]);
      const view = (await ok<{ channels: Channel[] }>(alice.socket, 'channels')).channels.find((c) => c.id === channel.id);
      expect(view).not.to.have.property('readUpTo');
    });
  });

  describe('rate limit', () => {
    it('shares one allowance between edits, deletes and reactions', async () => {
      const [alice] = [await user()];
      const channel = await room(alice.socket);
      const message = await send(alice.socket, { channelId: channel.id, text: 'spam target' });
      const responses = await Promise.all(
        Array.from({ length: 45 }, (_, i) =>
          request(alice.socket, 'react', { channelId: channel.id, messageId: message.id, emoji: '👍', on: i % 2 === 0 }),
        ),
      );
      const codes = responses.map(codeOf);
      expect(codes.filter((c) => c === 'ok').length).to.be.within(10, 32);
      expect(codes).to.include('rate_limited');
      const edit = await request(alice.socket, 'editMessage', { channelId: channel.id, messageId: message.id, text: 'edited' });
      const remove = await request(alice.socket, 'deleteMessage', { channelId: channel.id, messageId: message.id });
      expect([codeOf(edit), codeOf(remove)]).to.deep.equal(['rate_limited', 'rate_limited']);
      expect(codeOf(await request(alice.socket, 'chatMessage', { channelId: channel.id, text: 'still may talk' }))).to.equal(
        'ok',
      );
    });
  });
});
