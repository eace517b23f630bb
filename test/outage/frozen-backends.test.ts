/**
 * Backends that hang instead of failing (services mode): the TCP connections stay open but
 * nothing moves, as with a frozen server or a network that silently drops packets. Nothing may
 * wait forever: socket events answer `unavailable` within the ack deadline, no false ok, nothing
 * is delivered while the outcome is unknown, and once the backend moves again a retry with the
 * same clientId is acked with the one stored message.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { ACK_DEADLINE_MS } from '../../src/realtime/ack';
import type { Socket } from 'socket.io-client';
import type { AckResponse, ClientEventName, Message } from '../../src/shared';
import { signUp, type SignedIn } from '../support/http';
import { connectAs, ok, sleep, type ClientSocket } from '../support/sockets';
import type { TcpProxy } from '../support/tcp-proxy';
import type { TestApp } from '../support/test-app';
import { BACKEND_URL, logInThroughForm, proxiedApp, timed, waitHealthy, type ProxiedApp } from './support';

const SLACK_MS = 2000;

/** Like `request`, but waiting past the ack deadline: the server's answer is what is tested. */
function slowRequest<T = Record<string, unknown>>(socket: ClientSocket, event: ClientEventName, payload: unknown) {
  const raw = socket as unknown as Socket; // untyped, as in support/sockets.ts
  return raw.timeout(ACK_DEADLINE_MS + 5000).emitWithAck(event, payload) as Promise<AckResponse<T>>;
}

describe('Sockets and pages with MySQL frozen', function () {
  this.timeout(90_000);
  let outage: ProxiedApp;
  let app: TestApp;
  let proxy: TcpProxy;
  let alice: SignedIn;
  let aliceSocket: ClientSocket;
  let bobSocket: ClientSocket;
  const bobHeard: Message[] = [];

  before(async function () {
    if (!BACKEND_URL.mysql) return this.skip(); // services mode only
    outage = await proxiedApp('mysql');
    ({ app, proxy } = outage);
    let bob: SignedIn;
    [alice, bob] = await Promise.all([signUp(app.url), signUp(app.url)]);
    aliceSocket = await connectAs(app.url, alice.cookie);
    bobSocket = await connectAs(app.url, bob.cookie);
    bobSocket.on('chatMessage', (message) => bobHeard.push(message));
  });

  after(async () => {
    aliceSocket?.close();
    bobSocket?.close();
    await outage?.stop();
  });

  it('answers a send unavailable within the ack deadline, and delivers nothing while frozen', async () => {
    proxy.freeze();
    const { result, ms } = await timed(() =>
      slowRequest(aliceSocket, 'chatMessage', { to: null, text: 'into the freeze', clientId: 'frozen-1' }),
    );
    expect(result.ok === false && result.error.code).to.equal('unavailable');
    expect(ms).to.be.within(ACK_DEADLINE_MS - 100, ACK_DEADLINE_MS + SLACK_MS);
    const health = await supertest(app.url).get('/healthz');
    expect(health.status).to.equal(503);
    expect(health.body.db).to.equal('down');
    expect(bobHeard).to.deep.equal([]);
  });

  it('once MySQL moves again, a retry with the same clientId is acked with the one stored message', async () => {
    proxy.thaw();
    await waitHealthy(app);
    const retry = await ok<{ message: Message }>(aliceSocket, 'chatMessage', {
      to: null,
      text: 'into the freeze',
      clientId: 'frozen-1',
    });
    await sleep(300);
    // The first attempt was committed when the database moved again: delivered once, acked by the retry.
    expect(bobHeard.map((message) => message.id)).to.deep.equal([retry.message.id]);
  });
});

describe('Sockets and pages with Redis frozen', function () {
  this.timeout(90_000);
  let outage: ProxiedApp;
  let app: TestApp;
  let proxy: TcpProxy;
  let alice: SignedIn;
  let aliceSocket: ClientSocket;
  let bobSocket: ClientSocket;

  before(async function () {
    if (!BACKEND_URL.redis) return this.skip(); // services mode only
    outage = await proxiedApp('redis');
    ({ app, proxy } = outage);
    let bob: SignedIn;
    [alice, bob] = await Promise.all([signUp(app.url), signUp(app.url)]);
    aliceSocket = await connectAs(app.url, alice.cookie);
    bobSocket = await connectAs(app.url, bob.cookie);
  });

  after(async () => {
    aliceSocket?.close();
    bobSocket?.close();
    await outage?.stop();
  });

  it('answers pages and sign-ins 503 in seconds instead of hanging', async () => {
    proxy.freeze();
    const page = await timed(() => supertest(app.url).get('/login'));
    expect(page.result.status).to.equal(503);
    expect(page.ms).to.be.below(ACK_DEADLINE_MS);
    const login = await timed(() => logInThroughForm(app, alice));
    expect(login.result.status).to.equal(503);
    expect(login.ms).to.be.below(ACK_DEADLINE_MS);
  });

  it('keeps connected sockets sending and receiving', async () => {
    const heard = new Promise<Message>((resolve) => bobSocket.once('chatMessage', resolve));
    const { result, ms } = await timed(() =>
      slowRequest<{ message: Message }>(aliceSocket, 'chatMessage', { to: null, text: 'redis is frozen' }),
    );
    expect(result.ok, JSON.stringify(result)).to.equal(true);
    expect(ms).to.be.below(ACK_DEADLINE_MS + SLACK_MS);
    expect((await heard).text).to.equal('redis is frozen');
  });

  it('works again once Redis moves, without a restart', async () => {
    proxy.thaw();
    await waitHealthy(app);
    expect((await logInThroughForm(app, alice)).status).to.equal(303);
    const tab = await connectAs(app.url, alice.cookie);
    tab.close();
  });
});
