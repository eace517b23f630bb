/**
 * Every limiter driven past its limit with the shipped defaults (not the test suite's raised
 * ones): password guessing, sign-up floods, message floods, handshake floods and tab hoarding.
 * Each is refused with its contract answer while the legitimate path still works, and the run
 * reports how many attempts were refused (the "attempts throttled" figure of docs/reliability.md).
 */
import { expect } from 'chai';
import supertest from 'supertest';
import type { AckResponse, Message } from '../../src/shared';
import { csrfFrom, signUp, uniqueName } from '../support/http';
import { connectAs, openSocket, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { enginePath, rawRequest } from './engine-io';

/** The defaults of docs/protocol.md and src/config.ts. */
const DEFAULTS = {
  LOGIN_MAX_FAILURES: '5',
  REGISTER_MAX_PER_HOUR: '20',
  MESSAGE_RATE: '10',
  MESSAGE_BURST: '60',
  HANDSHAKE_RATE: '10',
  HANDSHAKE_BURST: '100',
  SOCKETS_PER_USER: '20',
};

const refused: Record<string, number> = {};
const count = (what: string, statuses: unknown[], refusal: unknown) => {
  refused[what] = (refused[what] ?? 0) + statuses.filter((status) => status === refusal).length;
};

async function postForm(app: TestApp, path: string, fields: Record<string, string>, forwardedFor?: string) {
  const agent = supertest.agent(app.url);
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  const page = await agent.get(path).set(headers);
  return agent
    .post(path)
    .set(headers)
    .type('form')
    .send({ ...fields, _csrf: csrfFrom(page.text) });
}

describe('Throttle drill with the default limits', function () {
  this.timeout(60_000);
  let app: TestApp;
  const sockets: ClientSocket[] = [];

  before(async () => {
    app = await createTestApp({ env: { ...DEFAULTS, TRUST_PROXY: 'loopback' } });
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await app.stop();
    const total = Object.values(refused).reduce((sum, n) => sum + n, 0);
    const parts = Object.entries(refused).map(([what, n]) => `${what} ${n}`);
    console.log(`      throttled: ${total} attempts refused (${parts.join(', ')})`);
  });

  it('password guessing: 5 failures per username and address, then 429 with Retry-After; the owner elsewhere still signs in', async () => {
    const owner = await signUp(app.url, { username: uniqueName('owner'), password: 'the real password' });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await postForm(app, '/login', { username: owner.username, password: `guess ${i}` }, '198.51.100.10');
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers['retry-after'])).to.be.greaterThan(0);
    }
    expect(statuses.slice(0, 5)).to.deep.equal([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).to.deep.equal(new Set([429]));
    // Right password from the guessing address: still refused while the window lasts.
    expect(
      (await postForm(app, '/login', { username: owner.username, password: owner.password }, '198.51.100.10')).status,
    ).to.equal(429);
    // The owner at home is not locked out.
    expect(
      (await postForm(app, '/login', { username: owner.username, password: owner.password }, '203.0.113.5')).status,
    ).to.equal(303);
    count('sign-in guesses', statuses, 429);
  });

  it('sign-up flood: 20 accounts per address per hour, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await postForm(
        app,
        '/register',
        { username: uniqueName('flood'), password: 'flood password' },
        '198.51.100.20',
      );
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 303)).to.have.length(20);
    expect(statuses.slice(20)).to.deep.equal(Array(10).fill(429));
    count('sign-ups', statuses, 429);
  });

  it('message flood: a burst of 150 sends gets rate_limited past 10/s + a burst of 60; others still hear the allowed ones', async () => {
    const [flooder, listener] = [await signUp(app.url), await signUp(app.url)];
    const flood = await connectAs(app.url, flooder.cookie);
    const ear = await connectAs(app.url, listener.cookie);
    sockets.push(flood, ear);
    const heard: Message[] = [];
    ear.on('chatMessage', (message) => heard.push(message));
    const raw = flood as unknown as {
      timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<AckResponse<unknown>> };
    };
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => raw.timeout(10_000).emitWithAck('chatMessage', { to: null, text: `flood ${i}` })),
    );
    const codes = answers.map((answer) => (answer.ok ? 'ok' : answer.error.code));
    const accepted = codes.filter((code) => code === 'ok').length;
    expect(accepted).to.be.within(70, 80); // 10 + 60, and at most one more second's worth
    expect(codes.filter((code) => code !== 'ok' && code !== 'rate_limited')).to.deep.equal([]);
    for (let i = 0; i < 50 && heard.length < accepted; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).to.have.length(accepted);
    count('chat messages', codes, 'rate_limited');
  });

  it('handshake flood: 10/s per address with a burst of 100, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      statuses.push((await rawRequest(app.url, enginePath({ transport: 'polling' }), { forwardedFor: '198.51.100.30' })).status);
    }
    expect(statuses.filter((status) => status === 200).length).to.be.within(110, 130);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).to.deep.equal([]);
    // Another address is not affected.
    expect((await rawRequest(app.url, enginePath({ transport: 'polling' }), { forwardedFor: '198.51.100.31' })).status).to.equal(
      200,
    );
    count('socket handshakes', statuses, 429);
  });

  it('tab hoarding: the 21st socket of a user is refused with "too many connections"', async () => {
    const hoarder = await signUp(app.url);
    for (let i = 0; i < 20; i++) sockets.push(await connectAs(app.url, hoarder.cookie));
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(
        await openSocket(app.url, { cookie: hoarder.cookie }).then(
          (socket) => {
            sockets.push(socket);
            return 'connected';
          },
          (error: Error) => error.message,
        ),
      );
    }
    expect(outcomes).to.deep.equal(Array(5).fill('too many connections'));
    count('sockets', outcomes, 'too many connections');
  });
});
