import { expect } from 'chai';
import supertest from 'supertest';
import type { PasswordHasher } from '../../src/chat/accounts';
import { LOGIN_BUSY_MESSAGE } from '../../src/http/login-routes';
import { REGISTER_BUSY_MESSAGE } from '../../src/http/register-routes';
import { csrfFrom, signUp, uniqueName } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';

/** A hasher whose work can be held in flight, counting how much of it ever ran at once. */
class HeldHasher implements PasswordHasher {
  active = 0;
  mostAtOnce = 0;
  private held: Promise<void> | undefined;
  private letGo: () => void = () => undefined;

  hold(): void {
    this.held = new Promise((resolve) => {
      this.letGo = resolve;
    });
  }

  release(): void {
    this.held = undefined;
    this.letGo();
  }

  hash(password: string): Promise<string> {
    return this.work(() => `hashed:${password}`);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.work(() => hash === `hashed:${password}`);
  }

  private async work<T>(result: () => T): Promise<T> {
    this.active += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.active);
    try {
      await this.held;
      return result();
    } finally {
      this.active -= 1;
    }
  }
}

type Outcome = { status: number; retryAfter?: string; location?: string; text: string };

/** Opens the form with a fresh agent; returns the POST, not yet sent. */
async function prepare(app: TestApp, path: string, fields: Record<string, string>) {
  const agent = supertest.agent(app.url);
  const csrf = csrfFrom((await agent.get(path).expect(200)).text);
  return (): Promise<Outcome> =>
    agent
      .post(path)
      .type('form')
      .send({ ...fields, _csrf: csrf })
      .then((response) => ({
        status: response.status,
        retryAfter: response.headers['retry-after'],
        location: response.headers.location,
        text: response.text,
      }));
}

describe('Password hashing bound (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE)', () => {
  let app: TestApp;
  let hasher: HeldHasher;

  beforeEach(async () => {
    hasher = new HeldHasher();
    app = await createTestApp({
      hasher,
      // One hash at a time, one waiting, and a wait long enough that only the queue's bound refuses.
      env: {
        PASSWORD_HASH_CONCURRENCY: '1',
        PASSWORD_HASH_QUEUE: '1',
        PASSWORD_HASH_WAIT_MS: '60000',
        METRICS_TOKEN: 'metrics-token-for-the-tests',
      },
    });
  });
  afterEach(async () => {
    hasher.release();
    await app.stop();
  });

  it('refuses the sign-ins past the bound at once with 503 and Retry-After, and lets the others in', async () => {
    const alice = await signUp(app.url);
    const posts = await Promise.all(
      Array.from({ length: 10 }, () => prepare(app, '/login', { username: alice.username, password: alice.password })),
    );
    hasher.hold();
    const settled: Outcome[] = [];
    const all = Promise.all(posts.map((post) => post().then((outcome) => (settled.push(outcome), outcome))));

    // One in flight and one waiting: the other eight are answered while the hash is still held.
    await eventually(
      async () => settled.length,
      (count) => count >= 8,
      { what: 'the refusals' },
    );
    expect(settled.map((outcome) => outcome.status)).to.deep.equal(Array(8).fill(503));
    for (const refused of settled) {
      expect(refused.retryAfter).to.match(/^\d+$/);
      expect(refused.text).to.include(LOGIN_BUSY_MESSAGE);
      expect(refused.text).to.include(`value="${alice.username}"`);
    }
    expect(hasher.active).to.equal(1);

    hasher.release();
    const outcomes = await all;
    const admitted = outcomes.filter((outcome) => outcome.status !== 503);
    expect(admitted.map((outcome) => [outcome.status, outcome.location])).to.deep.equal([
      [303, '/io'],
      [303, '/io'],
    ]);
    expect(hasher.mostAtOnce).to.equal(1);

    const page = await supertest(app.url).get('/metrics').set('Authorization', 'Bearer metrics-token-for-the-tests');
    expect(page.text).to.include('chat_logins_total{outcome="refused"} 8');
    expect(page.text).to.include('chat_logins_total{outcome="success"} 2');
  });

  it('does not count a refused sign-in as a failed one against the throttle', async () => {
    await app.stop();
    hasher = new HeldHasher();
    app = await createTestApp({
      hasher,
      env: { PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '0', LOGIN_MAX_FAILURES: '2' },
    });
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    hasher.hold();
    const blocker = (await prepare(app, '/login', { username: bob.username, password: bob.password }))();
    await eventually(
      async () => hasher.active,
      (active) => active === 1,
      { what: 'the held sign-in' },
    );
    for (let i = 0; i < 3; i++) {
      const outcome = await (await prepare(app, '/login', { username: alice.username, password: alice.password }))();
      expect(outcome.status).to.equal(503);
    }
    hasher.release();
    expect((await blocker).status).to.equal(303);
    const outcome = await (await prepare(app, '/login', { username: alice.username, password: alice.password }))();
    expect([outcome.status, outcome.location]).to.deep.equal([303, '/io']);
  });

  it('refuses a sign-up past the bound with 503, Retry-After and a sentence', async () => {
    const posts = await Promise.all(
      ['one', 'two', 'three'].map((prefix) =>
        prepare(app, '/register', { username: uniqueName(prefix), password: 'a long enough password' }),
      ),
    );
    hasher.hold();
    const settled: Outcome[] = [];
    const all = Promise.all(posts.map((post) => post().then((outcome) => (settled.push(outcome), outcome))));
    await eventually(
      async () => settled.length,
      (count) => count >= 1,
      { what: 'the refusal' },
    );
    expect(settled[0]?.status).to.equal(503);
    expect(settled[0]?.retryAfter).to.match(/^\d+$/);
    expect(settled[0]?.text).to.include(REGISTER_BUSY_MESSAGE);
    hasher.release();
    const statuses = (await all).map((outcome) => outcome.status).sort();
    expect(statuses).to.deep.equal([303, 303, 503]);
  });
});
