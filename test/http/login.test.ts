import { expect } from 'chai';
import supertest from 'supertest';
import { csrfFrom, logIn, sessionCookieFrom, signUp, uniqueName, type SignedIn } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';

type Agent = ReturnType<typeof supertest.agent>;

const FAILED = 'Incorrect username or password';

async function openLogin(app: TestApp, agent: Agent = supertest.agent(app.url), headers: Record<string, string> = {}) {
  const page = await agent.get('/login').set(headers).expect(200);
  return { agent, csrf: csrfFrom(page.text), cookie: sessionCookieFrom(page) };
}

async function attempt(app: TestApp, fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  const { agent, csrf } = await openLogin(app, undefined, headers);
  return agent
    .post('/login')
    .set(headers)
    .type('form')
    .send({ _csrf: csrf, ...fields });
}

describe('Login', () => {
  let app: TestApp;
  let alice: SignedIn;

  before(async () => {
    app = await createTestApp();
    alice = await signUp(app.url, { username: uniqueName('Alice'), password: 'alice password 1' });
  });

  after(() => app.stop());

  describe('GET /login', () => {
    it('answers 200 with a form of username, password and a hidden _csrf', async () => {
      const response = await supertest(app.url).get('/login').expect(200).expect('Content-Type', /html/);
      expect(response.text).to.match(/<form[^>]*method="post"[^>]*action="\/login"/);
      expect(response.text).to.match(/<input[^>]*name="username"/);
      expect(response.text).to.match(/<input[^>]*name="password"[^>]*type="password"/);
      expect(response.text).to.match(/<input type="hidden" name="_csrf" value="[^"]+">/);
    });
  });

  describe('POST /login', () => {
    it('redirects to /io with 303 and a new session id', async () => {
      const { agent, csrf, cookie: before } = await openLogin(app);
      const response = await agent
        .post('/login')
        .type('form')
        .send({ username: alice.username, password: alice.password, _csrf: csrf })
        .expect(303);
      expect(response.headers.location).to.equal('/io');
      const after = sessionCookieFrom(response);
      expect(before).to.match(/^chat\.sid=/);
      expect(after).to.match(/^chat\.sid=/);
      expect(after).not.to.equal(before);
      await agent.get('/io').expect(200);
      // The pre-login session id no longer signs anyone in.
      const replay = await supertest(app.url)
        .get('/io')
        .set('Cookie', before ?? '');
      expect(replay.status).to.equal(303);
    });

    it('changes the session id of a signed-in session too', async () => {
      // Signed in, GET /login sends to /io: the form is posted with the chat page's token.
      const agent = alice.agent;
      const csrf = csrfFrom((await agent.get('/io').expect(200)).text);
      const response = await agent
        .post('/login')
        .type('form')
        .send({ username: alice.username, password: alice.password, _csrf: csrf })
        .expect(303);
      expect(sessionCookieFrom(response)).not.to.equal(alice.cookie);
    });

    it('accepts the username in any case and signs in as the registered spelling', async () => {
      for (const typed of [alice.username.toLowerCase(), alice.username.toUpperCase()]) {
        const user = await logIn(app.url, { username: typed, password: alice.password });
        const page = await user.agent.get('/io').expect(200);
        expect(page.text).to.include(alice.username);
        expect(page.text).not.to.include(typed);
      }
    });

    const failures: [string, () => Record<string, unknown>][] = [
      ['an unknown user', () => ({ username: uniqueName('nobody'), password: alice.password })],
      ['a wrong password', () => ({ username: alice.username, password: 'not the password' })],
      ['the password with different case', () => ({ username: alice.username, password: alice.password.toUpperCase() })],
      ['a password over 72 bytes', () => ({ username: alice.username, password: 'x'.repeat(100) })],
      ['a missing password', () => ({ username: alice.username })],
      ['a missing username', () => ({ password: alice.password })],
      ['empty fields', () => ({ username: '', password: '' })],
      ['SQL in the username', () => ({ username: "' OR '1'='1' --", password: "' OR '1'='1' --" })],
      ['a unicode username', () => ({ username: 'Zoë😀', password: alice.password })],
      ['a very long username', () => ({ username: 'a'.repeat(5000), password: alice.password })],
    ];
    for (const [what, fields] of failures) {
      it(`answers 401 with "${FAILED}" for ${what}`, async () => {
        const response = await attempt(app, fields());
        expect(response.status).to.equal(401);
        expect(response.text).to.include(FAILED);
        expect(response.text).to.match(/<input type="hidden" name="_csrf"/);
      });
    }

    it('keeps the typed username and never the password', async () => {
      const response = await attempt(app, { username: alice.username, password: 'secret-wrong-pw' });
      expect(response.status).to.equal(401);
      expect(response.text).to.include(`value="${alice.username}"`);
      expect(response.text).not.to.include('secret-wrong-pw');
    });

    it('refuses a password whose first 72 bytes are right (bcrypt would cut it)', async () => {
      const password = 'p'.repeat(72);
      const user = await signUp(app.url, { password });
      const response = await attempt(app, { username: user.username, password: `${password}extra` });
      expect(response.status).to.equal(401);
    });

    it('answers 422 when fields arrive as arrays or objects', async () => {
      const { agent, csrf } = await openLogin(app);
      const raw = await agent
        .post('/login')
        .type('form')
        .send(`username=${alice.username}&username=x&password=pw&_csrf=${encodeURIComponent(csrf)}`);
      expect(raw.status).to.equal(422);
      const json = await agent
        .post('/login')
        .type('json')
        .send({ username: alice.username, password: { $ne: '' }, _csrf: csrf });
      expect(json.status).to.equal(422);
      await agent.get('/io').expect(303);
    });

    it('answers 403 without or with a wrong _csrf, and signs no one in', async () => {
      const { agent, csrf } = await openLogin(app);
      const fields = { username: alice.username, password: alice.password };
      await agent.post('/login').type('form').send(fields).expect(403);
      await agent
        .post('/login')
        .type('form')
        .send({ ...fields, _csrf: `${csrf}0` })
        .expect(403);
      await supertest(app.url)
        .post('/login')
        .type('form')
        .send({ ...fields, _csrf: csrf })
        .expect(403);
      await agent.get('/io').expect(303);
    });

    it('takes about the same time for an unknown user as for a wrong password', async function () {
      this.timeout(60_000);
      const slow = await createTestApp({ env: { BCRYPT_ROUNDS: '10' } });
      try {
        const known = await signUp(slow.url);
        const time = async (fields: Record<string, unknown>) => {
          const { agent, csrf } = await openLogin(slow);
          const started = process.hrtime.bigint();
          const response = await agent
            .post('/login')
            .type('form')
            .send({ ...fields, _csrf: csrf });
          expect(response.status).to.equal(401);
          return Number(process.hrtime.bigint() - started) / 1e6;
        };
        const unknown: number[] = [];
        const wrong: number[] = [];
        const tooLong: number[] = [];
        for (let round = 0; round < 5; round++) {
          unknown.push(await time({ username: uniqueName('ghost'), password: 'whatever pw' }));
          wrong.push(await time({ username: known.username, password: `wrong ${round}` }));
          tooLong.push(await time({ username: known.username, password: 'z'.repeat(80 + round) }));
        }
        const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
        const reference = median(wrong);
        expect(reference).to.be.above(5); // a bcrypt compare at cost 10 really happened
        expect(median(unknown) / reference).to.be.within(0.5, 2);
        expect(median(tooLong) / reference).to.be.within(0.5, 2);
      } finally {
        await slow.stop();
      }
    });
  });
});

describe('Login throttling', () => {
  let app: TestApp;

  before(async () => {
    app = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3', TRUST_PROXY: '1' } });
  });

  after(() => app.stop());

  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('answers 429 with Retry-After after LOGIN_MAX_FAILURES failures for a username from one address', async () => {
    const user = await signUp(app.url);
    const address = from('192.0.2.10');
    for (let i = 0; i < 3; i++) {
      expect((await attempt(app, { username: user.username, password: 'wrong password' }, address)).status).to.equal(401);
    }
    const refused = await attempt(app, { username: user.username, password: user.password }, address);
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 15 * 60);
    expect(refused.text).to.include('Too many failed attempts');
    // Ignoring case, it is the same username.
    const upper = await attempt(app, { username: user.username.toUpperCase(), password: user.password }, address);
    expect(upper.status).to.equal(429);
    // The owner, from elsewhere, still gets in.
    expect((await attempt(app, { username: user.username, password: user.password }, from('192.0.2.11'))).status).to.equal(303);
    // Other usernames from the same address are not affected.
    const other = await signUp(app.url);
    expect((await attempt(app, { username: other.username, password: other.password }, address)).status).to.equal(303);
  });

  it('resets the count after a success', async () => {
    const user = await signUp(app.url);
    const address = from('192.0.2.20');
    const wrong = { username: user.username, password: 'wrong password' };
    expect((await attempt(app, wrong, address)).status).to.equal(401);
    expect((await attempt(app, wrong, address)).status).to.equal(401);
    expect((await attempt(app, { username: user.username, password: user.password }, address)).status).to.equal(303);
    for (let i = 0; i < 3; i++) expect((await attempt(app, wrong, address)).status).to.equal(401);
    expect((await attempt(app, wrong, address)).status).to.equal(429);
  });

  it('throttles unknown usernames the same way', async () => {
    const ghost = { username: uniqueName('ghost'), password: 'whatever password' };
    const address = from('192.0.2.30');
    for (let i = 0; i < 3; i++) expect((await attempt(app, ghost, address)).status).to.equal(401);
    expect((await attempt(app, ghost, address)).status).to.equal(429);
  });

  it('limits one username from anywhere too, more loosely', async () => {
    const user = await signUp(app.url);
    const wrong = { username: user.username, password: 'wrong password' };
    // 3 per address, 30 from anywhere: ten addresses use up the username's allowance.
    for (let host = 1; host <= 10; host++) {
      for (let i = 0; i < 3; i++) expect((await attempt(app, wrong, from(`198.18.0.${host}`))).status).to.equal(401);
    }
    const refused = await attempt(app, wrong, from('198.18.1.1'));
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 60 * 60);
  });
});
