/**
 * Sockets through real backend outages (services mode): MySQL or Redis is cut at the TCP level
 * while users are connected, then restored, with no restart of the app in between.
 *
 * MySQL away: every send answers `unavailable` (never a false ok) and nothing is delivered; once
 * it is back, sending works again and a retry with the same clientId is stored exactly once.
 * Redis away: sign-ins answer 503; connected sockets keep sending, receiving and reading history
 * (the database is up, message limits fall back to in-process counters); what needs Redis
 * (typing notices, new connections, whose sessions live there) is refused cleanly.
 */
import { expect } from 'chai';
import type { Channel, Message } from '../../src/shared';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { connectAs, ok, openSocket, request, sleep, waitFor, type ClientSocket } from '../support/sockets';
import { within } from '../support/waiting';
import { BACKEND_URL, RECONNECTABLE, logInThroughForm, proxiedApp, timed, waitHealthy, type ProxiedApp } from './support';

/** An answer while a backend is away must come quickly: no ack left hanging. */
const OUTAGE_ANSWER_MS = 8000;

describe('Sockets with MySQL cut and restored', function () {
  this.timeout(120_000);
  let env: ProxiedApp;
  let alice: SignedIn;
  let bob: SignedIn;
  let aliceSocket: ClientSocket;
  let bobSocket: ClientSocket;
  let directId: string;
  const bobHeard: Message[] = [];
  const aliceHeard: Message[] = [];
  const attempts = ['to everyone', 'to the direct channel', 'to bob by name'] as const;

  function payloadFor(attempt: (typeof attempts)[number], clientId: string, text: string) {
    if (attempt === 'to everyone') return { to: null, text, clientId };
    if (attempt === 'to the direct channel') return { channelId: directId, text, clientId };
    return { to: bob.username, text, clientId };
  }

  before(async function () {
    if (!BACKEND_URL.mysql) return this.skip(); // services mode only
    env = await proxiedApp('mysql');
    [alice, bob] = await Promise.all([signUp(env.app.url), signUp(env.app.url)]);
    aliceSocket = await connectAs(env.app.url, alice.cookie);
    bobSocket = await connectAs(env.app.url, bob.cookie);
    ({
      channel: { id: directId },
    } = await ok<{ channel: Channel }>(aliceSocket, 'chatHistory', { with: bob.username }));
    bobSocket.on('chatMessage', (message) => bobHeard.push(message));
    aliceSocket.on('chatMessage', (message) => aliceHeard.push(message));
  });

  after(async () => {
    aliceSocket?.close();
    bobSocket?.close();
    await env?.stop();
  });

  it('answers every send unavailable while MySQL is away, quickly, and delivers nothing', async () => {
    env.proxy.cut();
    for (const attempt of attempts) {
      const { result, ms } = await timed(() =>
        request(aliceSocket, 'chatMessage', payloadFor(attempt, `down-${attempt}`, `lost ${attempt}`)),
      );
      expect(result, attempt).to.deep.include({ ok: false });
      expect(result.ok === false && result.error.code, attempt).to.equal('unavailable');
      expect(ms, attempt).to.be.below(OUTAGE_ANSWER_MS);
    }
    // Reads that need the database say so too.
    for (const [event, payload] of [
      ['chatHistory', { channelId: directId }],
      ['channels', undefined],
    ] as const) {
      const response = await request(aliceSocket, event, payload);
      expect(response.ok === false && response.error.code, event).to.equal('unavailable');
    }
    // Typing needs only Redis (and the channel, known already): it still reaches bob.
    const typing = waitFor(bobSocket, 'typing', (notice) => notice.username === alice.username);
    await ok(aliceSocket, 'typing', { channelId: directId });
    await typing;
    // A new tab cannot be set up without the database: it is closed, not left half-working.
    const tab = await openSocket(env.app.url, { cookie: alice.cookie }).catch(() => undefined);
    if (tab) {
      await new Promise<void>((resolve) => (tab.connected ? tab.once('disconnect', () => resolve()) : resolve()));
      tab.close();
    }
    await sleep(500);
    expect(bobHeard, 'nothing reached bob').to.deep.equal([]);
    expect(aliceHeard, "nothing reached alice's own tab").to.deep.equal([]);
    expect(aliceSocket.connected && bobSocket.connected, 'the sockets stay connected').to.equal(true);
  });

  it('sends again once MySQL is back, without a restart; the retries are stored exactly once', async () => {
    env.proxy.restore();
    await waitHealthy(env.app);
    for (const attempt of attempts) {
      const clientId = `down-${attempt}`;
      const first = await ok<{ message: Message }>(
        aliceSocket,
        'chatMessage',
        payloadFor(attempt, clientId, `resent ${attempt}`),
      );
      const again = await ok<{ message: Message }>(
        aliceSocket,
        'chatMessage',
        payloadFor(attempt, clientId, `resent ${attempt}`),
      );
      expect(again.message.id, 'a retry acks the stored message').to.equal(first.message.id);
    }
    for (let i = 0; i < 100 && bobHeard.length < attempts.length; i++) await sleep(50);
    await sleep(200); // and nothing more follows
    expect(bobHeard.map((message) => message.text).sort()).to.deep.equal(attempts.map((attempt) => `resent ${attempt}`).sort());
    const history = await ok<{ messages: Message[] }>(aliceSocket, 'chatHistory', { channelId: directId, limit: 50 });
    const texts = history.messages.map((message) => message.text);
    expect(texts.filter((text) => text.startsWith('resent'))).to.deep.equal([
      'resent to the direct channel',
      'resent to bob by name',
    ]);
    expect(
      texts.some((text) => text.startsWith('lost')),
      'nothing refused was stored',
    ).to.equal(false);
  });

  it('survives three more outages in a row, answering unavailable in each and ok after each', async () => {
    for (let round = 1; round <= 3; round++) {
      env.proxy.cut();
      const down = await request(aliceSocket, 'chatMessage', {
        channelId: directId,
        text: `round ${round}`,
        clientId: `round-${round}`,
      });
      expect(down.ok === false && down.error.code, `round ${round} down`).to.equal('unavailable');
      env.proxy.restore();
      await waitHealthy(env.app);
      const up = await ok<{ message: Message }>(aliceSocket, 'chatMessage', {
        channelId: directId,
        text: `round ${round}`,
        clientId: `round-${round}`,
      });
      expect(up.message.text).to.equal(`round ${round}`);
    }
    const history = await ok<{ messages: Message[] }>(aliceSocket, 'chatHistory', { channelId: directId, limit: 50 });
    expect(history.messages.filter((message) => message.text.startsWith('round ')).map((message) => message.text)).to.deep.equal([
      'round 1',
      'round 2',
      'round 3',
    ]);
  });
});

describe('Sockets with Redis cut and restored', function () {
  this.timeout(120_000);
  let env: ProxiedApp;
  let alice: SignedIn;
  let bob: SignedIn;
  let aliceSocket: ClientSocket;
  let bobSocket: ClientSocket;
  let directId: string;

  before(async function () {
    if (!BACKEND_URL.redis) return this.skip(); // services mode only
    env = await proxiedApp('redis', { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    [alice, bob] = await Promise.all([signUp(env.app.url), signUp(env.app.url)]);
    aliceSocket = await connectAs(env.app.url, alice.cookie);
    bobSocket = await connectAs(env.app.url, bob.cookie);
    ({
      channel: { id: directId },
    } = await ok<{ channel: Channel }>(aliceSocket, 'chatHistory', { with: bob.username }));
  });

  after(async () => {
    aliceSocket?.close();
    bobSocket?.close();
    await env?.stop();
  });

  it('answers sign-ins 503 quickly while Redis is away', async () => {
    env.proxy.cut();
    const { result, ms } = await timed(() => logInThroughForm(env.app, alice));
    expect(result.status).to.equal(503);
    expect(ms).to.be.below(OUTAGE_ANSWER_MS);
  });

  it('keeps connected sockets sending, receiving and reading history', async () => {
    const heard = waitFor(bobSocket, 'chatMessage', (message) => message.text === 'while redis is away');
    const { result, ms } = await timed(() =>
      request<{ message: Message }>(aliceSocket, 'chatMessage', {
        channelId: directId,
        text: 'while redis is away',
        clientId: 'r-1',
      }),
    );
    expect(ms).to.be.below(OUTAGE_ANSWER_MS);
    expect(result.ok, JSON.stringify(result)).to.equal(true);
    await heard;
    const history = await ok<{ messages: Message[] }>(bobSocket, 'chatHistory', { channelId: directId });
    expect(history.messages.map((message) => message.text)).to.include('while redis is away');
    expect(aliceSocket.connected && bobSocket.connected).to.equal(true);
  });

  it('refuses what needs Redis cleanly: typing answers unavailable, a new connection is refused', async () => {
    const typing = await timed(() => request(aliceSocket, 'typing', { channelId: directId }));
    expect(typing.ms).to.be.below(OUTAGE_ANSWER_MS);
    expect(typing.result.ok === false && typing.result.error.code).to.equal('unavailable');
    const refused = await openSocket(env.app.url, { cookie: alice.cookie }).then(
      (socket) => {
        socket.close();
        return null;
      },
      (error: Error) => error,
    );
    expect(refused, 'a new socket is refused while sessions cannot be read').to.be.instanceOf(Error);
  });

  it('works again once Redis is back, without a restart: sign-in, new sockets, typing', async () => {
    // Once its Redis subscriber is back the process ends its sockets, so clients reconnect and
    // catch up on what other processes broadcast meanwhile (test/outage/subscriber-loss.test.ts).
    const ended = new Promise<string>((resolve) => bobSocket.once('disconnect', resolve));
    env.proxy.restore();
    await waitHealthy(env.app);
    expect(await within(20_000, "bob's socket being ended", ended)).to.be.oneOf(RECONNECTABLE);
    bobSocket = await connectAs(env.app.url, bob.cookie);
    const login = await logInThroughForm(env.app, alice);
    expect(login.status).to.equal(303);
    const tab = await connectAs(env.app.url, alice.cookie);
    const typing = waitFor(bobSocket, 'typing', (notice) => notice.username === alice.username);
    await ok(tab, 'typing', { channelId: directId });
    await typing;
    await ok(tab, 'chatMessage', { channelId: directId, text: 'redis is back', clientId: 'r-2' });
    tab.close();
    await signUp(env.app.url, { username: uniqueName('after') });
  });
});
