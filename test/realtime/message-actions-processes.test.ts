/**
 * Two server processes' worth of apps on one MySQL and one Redis: an edit, a deletion, a reaction
 * or a read receipt made through one reaches the members' sockets on the other (the Redis adapter).
 * Needs MYSQL_URL and REDIS_URL; skipped in embedded mode, where there is only one process.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Channel, Message } from '../../src/shared';
import { signUp, uniqueName } from '../support/http';
import { connectAs, ok, waitFor, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

describe('message actions across processes', function () {
  this.timeout(20_000);
  let one: TestApp;
  let two: TestApp;
  const open: ClientSocket[] = [];

  before(async function () {
    if (!process.env.MYSQL_URL || !process.env.REDIS_URL) this.skip();
    const redisPrefix = `test:${randomUUID()}:`;
    [one, two] = await Promise.all([createTestApp({ redisPrefix }), createTestApp({ redisPrefix })]);
  });
  after(async () => {
    for (const socket of open) socket.close();
    await Promise.all([one?.stop(), two?.stop()]);
  });

  const connect = async (app: TestApp, cookie: string) => {
    const socket = await connectAs(app.url, cookie);
    open.push(socket);
    return socket;
  };

  it('delivers messageUpdated and readReceipt to every tab on every process', async () => {
    const alice = await signUp(one.url, { username: uniqueName('alice') });
    const bob = await signUp(one.url, { username: uniqueName('bob') });
    const aliceOnOne = await connect(one, alice.cookie);
    const aliceOnTwo = await connect(two, alice.cookie);
    const bobOnTwo = await connect(two, bob.cookie);
    const { channel } = await ok<{ channel: Channel }>(aliceOnOne, 'chatHistory', { with: bob.username });
    const { message } = await ok<{ message: Message }>(aliceOnOne, 'chatMessage', { channelId: channel.id, text: 'hi' });

    let heard = [aliceOnTwo, bobOnTwo].map((s) => waitFor(s, 'messageUpdated', (m) => m.text === 'hello'));
    await ok(aliceOnOne, 'editMessage', { channelId: channel.id, messageId: message.id, text: 'hello' });
    for (const payload of await Promise.all(heard)) expect(payload.editedAt).to.be.a('string');

    heard = [aliceOnOne, aliceOnTwo].map((s) => waitFor(s, 'messageUpdated', (m) => (m.reactions?.length ?? 0) > 0));
    await ok(bobOnTwo, 'react', { channelId: channel.id, messageId: message.id, emoji: '🎉' });
    for (const payload of await Promise.all(heard)) {
      expect(payload.reactions).to.deep.equal([{ emoji: '🎉', users: [bob.username] }]);
    }

    const receipts = [aliceOnOne, aliceOnTwo].map((s) => waitFor(s, 'readReceipt'));
    await ok(bobOnTwo, 'markRead', { channelId: channel.id, messageId: message.id });
    for (const receipt of await Promise.all(receipts)) {
      expect(receipt).to.deep.equal({ channelId: channel.id, username: bob.username, messageId: message.id });
    }

    heard = [aliceOnTwo, bobOnTwo].map((s) => waitFor(s, 'messageUpdated', (m) => m.deleted === true));
    await ok(aliceOnOne, 'deleteMessage', { channelId: channel.id, messageId: message.id });
    await Promise.all(heard);
  });
});
