/**
 * Bounds on connections: sockets per user (SOCKETS_PER_USER, counted on every process through the
 * presence store) and Socket.IO handshakes without a session per client address (HANDSHAKE_RATE /
 * HANDSHAKE_BURST; those with a session are counted per user: test/realtime/handshake-limits.test.ts).
 */
import { expect } from 'chai';
import type { Message } from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, openSocket, sleep, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { enginePath, pollingHandshake, rawRequest, tryUpgrade } from './engine-io';

const connectError = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Error) => error,
  );

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('Sockets per user', function () {
  this.timeout(30_000);
  const MAX = 5;
  let app: TestApp;
  const open: ClientSocket[] = [];

  before(async () => {
    app = await createTestApp({ env: { SOCKETS_PER_USER: String(MAX) } });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  after(() => app.stop());

  it('refuses the socket past the limit with connect_error "too many connections", and admits one again after a tab closes', async () => {
    const alice = await signUp(app.url);
    for (let i = 0; i < MAX; i++) open.push(await connectAs(app.url, alice.cookie));
    const refused = await connectError(openSocket(app.url, { cookie: alice.cookie }));
    expect(refused?.message).to.equal('too many connections');
    expect((refused as Error & { data?: { max?: number } }).data?.max).to.equal(MAX);
    // Websocket-only clients are held to the same bound.
    const refusedWs = await connectError(openSocket(app.url, { cookie: alice.cookie, transports: ['websocket'] }));
    expect(refusedWs?.message).to.equal('too many connections');

    // The sockets already open are untouched and still work.
    expect(open.every((socket) => socket.connected)).to.equal(true);
    await ok(open[0]!, 'chatMessage', { to: null, text: 'still here' }); // open holds MAX sockets

    open.shift()?.close();
    await until(
      async () => (await app.engine.socketCount((await app.stores.users.findByUsername(alice.username))!.id)) < MAX,
      'the closed tab to be forgotten',
    ); // alice exists: she just signed up
    open.push(await connectAs(app.url, alice.cookie));
  });

  it('does not count other users: a second user connects while the first is at the limit', async () => {
    const [carol, dave] = await Promise.all([signUp(app.url), signUp(app.url)]);
    for (let i = 0; i < MAX; i++) open.push(await connectAs(app.url, carol.cookie));
    open.push(await connectAs(app.url, dave.cookie));
  });

  it('holds the bound when many handshakes of one user race each other', async () => {
    const erin = await signUp(app.url);
    const attempts = Array.from({ length: MAX * 4 }, () => openSocket(app.url, { cookie: erin.cookie }).catch(() => null));
    const sockets = (await Promise.all(attempts)).filter((socket): socket is ClientSocket => socket !== null);
    open.push(...sockets);
    // Racing handshakes may all pass the first check; the surplus is closed once counted.
    await until(() => sockets.filter((socket) => socket.connected).length <= MAX, 'the surplus to be closed');
    await sleep(300);
    expect(sockets.filter((socket) => socket.connected).length).to.be.at.most(MAX);
    const erinId = (await app.stores.users.findByUsername(erin.username))!.id; // erin just signed up
    await until(async () => (await app.engine.socketCount(erinId)) <= MAX, 'presence to settle');
  });
});

describe('Handshakes without a session, per address', function () {
  this.timeout(30_000);
  const RATE = 2;
  const BURST = 4;
  const ALLOWANCE = RATE + BURST; // what one address gets in its first second

  async function handshakes(app: TestApp, count: number, options: { forwardedFor?: string } = {}): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      statuses.push((await rawRequest(app.url, enginePath({ transport: 'polling' }), options)).status);
    }
    return statuses;
  }

  describe('without a trusted proxy', () => {
    let app: TestApp;
    before(async () => {
      app = await createTestApp({ env: { HANDSHAKE_RATE: String(RATE), HANDSHAKE_BURST: String(BURST) } });
    });
    after(() => app.stop());

    it('answers 429 with Retry-After past the allowance, to polling and websocket handshakes alike', async () => {
      const statuses = await handshakes(app, ALLOWANCE);
      expect(statuses).to.deep.equal(Array(ALLOWANCE).fill(200));
      const refused = await rawRequest(app.url, enginePath({ transport: 'polling' }));
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers['retry-after'])).to.be.within(1, 10);
      expect(await tryUpgrade(app.url, {})).to.deep.equal({ upgraded: false, status: 429 });
      // `?sid=` (empty) is a handshake to engine.io, so it is counted too.
      expect((await rawRequest(app.url, enginePath({ transport: 'polling', sid: '' }))).status).to.equal(429);
    });

    it('ignores X-Forwarded-For, which any client can write', async () => {
      const statuses = await handshakes(app, 3, { forwardedFor: '203.0.113.7' });
      expect(statuses).to.include(429);
    });

    it('lets connections already open go on: their requests carry a sid and are not counted', async () => {
      const fresh = await createTestApp({ env: { HANDSHAKE_RATE: String(RATE), HANDSHAKE_BURST: String(BURST) } });
      try {
        const [alice, bob] = [await signUp(fresh.url), await signUp(fresh.url)];
        const aliceSocket = await connectAs(fresh.url, alice.cookie);
        const bobSocket = await connectAs(fresh.url, bob.cookie);
        // Alice's and Bob's handshakes were counted for them, not for the address: a whole allowance and one more.
        const flood = await handshakes(fresh, ALLOWANCE + 1);
        expect(flood).to.include(429);
        const heard = new Promise<Message>((resolve) => bobSocket.once('chatMessage', resolve));
        for (let i = 0; i < 20; i++) await ok(aliceSocket, 'channels');
        await ok(aliceSocket, 'chatMessage', { to: null, text: 'through the flood' });
        expect((await heard).text).to.equal('through the flood');
        aliceSocket.close();
        bobSocket.close();
      } finally {
        await fresh.stop();
      }
    });

    it('admits the address again once its window has passed', async () => {
      await sleep(1100);
      expect(await pollingHandshake(app.url)).to.be.a('string');
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let app: TestApp;
    before(async () => {
      app = await createTestApp({
        env: { HANDSHAKE_RATE: String(RATE), HANDSHAKE_BURST: String(BURST), TRUST_PROXY: 'loopback' },
      });
    });
    after(() => app.stop());

    it("counts each client the proxy names on its own, and the proxy's own address not at all", async () => {
      const first = await handshakes(app, ALLOWANCE + 1, { forwardedFor: '198.51.100.1' });
      expect(first.slice(0, ALLOWANCE)).to.deep.equal(Array(ALLOWANCE).fill(200));
      expect(first[ALLOWANCE]).to.equal(429);
      // Another client behind the same proxy still gets in; so does a spoofed chain's real client.
      expect(await handshakes(app, 2, { forwardedFor: '198.51.100.2' })).to.deep.equal([200, 200]);
      expect((await handshakes(app, 1, { forwardedFor: '10.9.9.9, 198.51.100.1' }))[0]).to.equal(429);
    });
  });
});
