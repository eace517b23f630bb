/**
 * Two processes on one Redis; the second one's Redis connections run through a proxy that is cut
 * and restored. Pub/Sub does not keep what a subscriber missed: a message sent on the first
 * process while the second could not hear is caught up by its clients, because the second ends
 * their sockets when its subscriber is back and they reconnect and read history `after`.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { io } from 'socket.io-client';
import type { Channel, Message } from '../../src/shared';
import { signUp, type SignedIn } from '../support/http';
import { connectAs, ok, waitFor, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually, within } from '../support/waiting';
import { BACKEND_URL, RECONNECTABLE, proxiedApp, waitHealthy, type ProxiedApp } from './support';

describe('A process whose Redis subscriber was cut', function () {
  this.timeout(60_000);
  const sockets: ClientSocket[] = [];
  let first: TestApp;
  let second: ProxiedApp;
  let alice: SignedIn;
  let bob: SignedIn;

  before(async function () {
    if (!BACKEND_URL.redis) return this.skip(); // services mode only
    const redisPrefix = `test:${randomUUID()}:`;
    first = await createTestApp({ redisPrefix });
    second = await proxiedApp('redis', {}, redisPrefix);
    [alice, bob] = await Promise.all([signUp(first.url), signUp(first.url)]);
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await second?.stop();
    await first?.stop();
  });

  const connect = async (app: TestApp, user: SignedIn) => {
    const socket = await connectAs(app.url, user.cookie);
    sockets.push(socket);
    return socket;
  };

  it('ends its sockets once the subscriber is back, and its clients catch up on what they missed', async () => {
    const aliceOnFirst = await connect(first, alice);
    const bobOnSecond = await connect(second.app, bob);
    const { channel } = await ok<{ channel: Channel }>(aliceOnFirst, 'chatHistory', { with: bob.username });
    const heard = waitFor(bobOnSecond, 'chatMessage', (message) => message.text === 'across processes');
    const { message: seen } = await ok<{ message: Message }>(aliceOnFirst, 'chatMessage', {
      channelId: channel.id,
      text: 'across processes',
    });
    await heard;

    second.proxy.cut();
    const ended = new Promise<string>((resolve) => bobOnSecond.once('disconnect', resolve));
    const missed: Message[] = [];
    bobOnSecond.on('chatMessage', (message) => missed.push(message));
    await ok(aliceOnFirst, 'chatMessage', { channelId: channel.id, text: 'while the second process could not hear' });
    expect(bobOnSecond.connected, 'sockets stay connected through the outage').to.equal(true);

    second.proxy.restore();
    expect(await within(20_000, 'the socket being ended', ended)).to.be.oneOf(RECONNECTABLE);
    expect(missed.map((message) => message.text)).to.not.include('while the second process could not hear');

    await waitHealthy(second.app);
    const bobAgain = await connect(second.app, bob);
    const caughtUp = await ok<{ messages: Message[] }>(bobAgain, 'chatHistory', { channelId: channel.id, after: seen.id });
    expect(caughtUp.messages.map((message) => message.text)).to.deep.equal(['while the second process could not hear']);
    const live = waitFor(bobAgain, 'chatMessage', (message) => message.text === 'heard again');
    await ok(aliceOnFirst, 'chatMessage', { channelId: channel.id, text: 'heard again' });
    await live;
  });

  it('lets a standard socket.io-client (reconnection on, default delays) come back by itself', async () => {
    const plain = io(second.app.url, { extraHeaders: { cookie: bob.cookie }, forceNew: true });
    try {
      // Set up in full (its updateUsers comes last), so that the cut meets a socket in use.
      await within(
        10_000,
        'the plain client connecting',
        new Promise((resolve) => plain.once('updateUsers', () => resolve(null))),
      );
      const reasons: string[] = [];
      plain.on('disconnect', (reason) => reasons.push(reason));
      // Connected again after having been ended: the socket's own 'connect', which follows the manager's reconnect.
      const back = new Promise((resolve) => plain.once('disconnect', () => plain.once('connect', () => resolve(null))));
      second.proxy.cut();
      // Restored only once the process has noticed the loss (its health check fails), so a loaded
      // machine cannot hide the outage from it.
      const health = () =>
        fetch(`${second.app.url}/healthz`).then(
          (response) => response.status,
          () => 0,
        );
      await eventually(health, (status) => status === 503, { timeoutMs: 20_000, what: 'the second process to notice' });
      second.proxy.restore();
      await waitHealthy(second.app);
      await within(30_000, `the plain client reconnecting by itself (ended: ${reasons.join(', ') || 'never'})`, back);
      expect(reasons[0]).to.be.oneOf(RECONNECTABLE);
      expect(plain.connected).to.equal(true);
    } finally {
      plain.close();
    }
  });
});
