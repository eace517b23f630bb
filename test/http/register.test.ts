import { expect } from 'chai';
import supertest from 'supertest';
import { csrfFrom, logIn, sessionCookieFrom, signUp, uniqueName } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';

type Agent = ReturnType<typeof supertest.agent>;

describe('Registration', () => {
  let app: TestApp;

  before(async () => {
    app = await createTestApp();
  });

  after(() => app.stop());

  async function openForm(agent: Agent = supertest.agent(app.url)) {
    const page = await agent.get('/register').expect(200);
    return { agent, csrf: csrfFrom(page.text), cookie: sessionCookieFrom(page) };
  }

  async function submit(fields: Record<string, unknown>) {
    const { agent, csrf } = await openForm();
    return agent
      .post('/register')
      .type('form')
      .send({ _csrf: csrf, ...fields });
  }

  /** A raw urlencoded body: repeated keys arrive as arrays, which `send(object)` cannot produce. */
  async function submitRaw(body: (csrf: string) => string) {
    const { agent, csrf } = await openForm();
    return agent
      .post('/register')
      .type('form')
      .send(body(encodeURIComponent(csrf)));
  }

  async function canLogIn(username: string, password: string): Promise<boolean> {
    return logIn(app.url, { username, password }).then(
      () => true,
      () => false,
    );
  }

  describe('GET /register', () => {
    it('answers 200 with a form of username, password and a hidden _csrf', async () => {
      const response = await supertest(app.url).get('/register').expect(200).expect('Content-Type', /html/);
      expect(response.text).to.match(/<form[^>]*method="post"[^>]*action="\/register"/);
      expect(response.text).to.match(/<input[^>]*name="username"/);
      expect(response.text).to.match(
        /<input[^>]*name="password"[^>]*type="password"|<input[^>]*type="password"[^>]*name="password"/,
      );
      expect(response.text).to.match(/<input type="hidden" name="_csrf" value="[^"]+">/);
      expect(response.text).to.match(/<label for="username">/);
    });
  });

  describe('POST /register', () => {
    it('signs the new user in and redirects to /io with 303', async () => {
      const username = uniqueName('new');
      const { agent, csrf } = await openForm();
      const response = await agent
        .post('/register')
        .type('form')
        .send({ username, password: 'a good password', _csrf: csrf })
        .expect(303);
      expect(response.headers.location).to.equal('/io');
      const page = await agent.get('/io').expect(200);
      expect(page.text).to.include(username);
    });

    it('gives the new user a new session id', async () => {
      const { agent, csrf, cookie: before } = await openForm();
      const response = await agent
        .post('/register')
        .type('form')
        .send({ username: uniqueName('fix'), password: 'a good password', _csrf: csrf })
        .expect(303);
      const after = sessionCookieFrom(response);
      expect(before).to.match(/^chat\.sid=/);
      expect(after).to.match(/^chat\.sid=/);
      expect(after).not.to.equal(before);
    });

    it('accepts the shortest and longest names and passwords', async () => {
      await signUp(app.url, { username: uniqueName('x').padEnd(32, 'z'), password: '12345678' });
      // Three characters leave few names: one may be taken by an earlier run (MySQL persists), which
      // still proves the length was accepted.
      const short = await submit({ username: `a${Math.random().toString(36).slice(2, 4).padEnd(2, '0')}`, password: '12345678' });
      expect(short.status).to.be.oneOf([303, 409]);
      const password = '😀'.repeat(18); // 72 bytes in UTF-8
      const user = await signUp(app.url, { password });
      expect(await canLogIn(user.username, password)).to.equal(true);
    });

    it('answers 422 listing every error at once and keeps the username', async () => {
      const response = await submit({ username: 'no spaces!', password: 'short' });
      expect(response.status).to.equal(422);
      expect(response.text).to.include('value="no spaces!"');
      expect(response.text).to.include('Username may use only letters');
      expect(response.text).to.include('Password must be at least 8 characters');
      expect(response.text).to.include('There are 2 problems');
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      ['a missing username', { password: 'a good password' }, 'Enter a username'],
      ['a missing password', { username: 'someone_ok' }, 'Enter a password'],
      ['both fields missing', {}, 'Enter a username'],
      ['a username of 2 characters', { username: 'ab', password: 'a good password' }, 'must be 3–32 characters'],
      ['a username of 33 characters', { username: 'a'.repeat(33), password: 'a good password' }, 'must be 3–32 characters'],
      ['a non-ASCII username', { username: 'Zoë_smith', password: 'a good password' }, 'may use only letters'],
      ['an emoji username', { username: '😀😀😀', password: 'a good password' }, 'may use only letters'],
      ['a username with a space', { username: 'jo hn', password: 'a good password' }, 'may use only letters'],
      ['SQL in the username', { username: "x'; DROP TABLE users;--", password: 'a good password' }, 'may use only letters'],
      ['a 7-byte password', { username: 'someone_ok', password: '1234567' }, 'at least 8'],
      ['a password of 73 bytes', { username: 'someone_ok', password: 'a'.repeat(73) }, 'at most 72 bytes'],
      [
        'a password of 37 two-byte characters (74 bytes)',
        { username: 'someone_ok', password: 'é'.repeat(37) },
        'at most 72 bytes',
      ],
      ['a huge password', { username: 'someone_ok', password: 'p'.repeat(10_000) }, 'at most 72 bytes'],
    ];
    for (const [what, fields, message] of invalid) {
      it(`answers 422 for ${what}`, async () => {
        const response = await submit(fields);
        expect(response.status).to.equal(422);
        expect(response.text).to.include(message);
      });
    }

    it('answers 422 when fields arrive as arrays, and stores nothing', async () => {
      const username = uniqueName('arr');
      const response = await submitRaw(
        (csrf) => `username=${username}&username=${username}x&password=a+good+password&_csrf=${csrf}`,
      );
      expect(response.status).to.equal(422);
      expect(response.text).to.include('Username must be a single line of text');
      const password = await submitRaw((csrf) => `username=${username}&password=a+good+password&password=x&_csrf=${csrf}`);
      expect(password.status).to.equal(422);
      expect(await canLogIn(username, 'a good password')).to.equal(false);
    });

    it('answers 422 when JSON fields are objects, numbers or null', async () => {
      const { agent, csrf } = await openForm();
      for (const fields of [
        { username: { $gt: '' }, password: 'a good password' },
        { username: uniqueName('num'), password: 12345678 },
        { username: null, password: null },
        { username: ['a', 'b'], password: { toString: 'x' } },
      ]) {
        const response = await agent
          .post('/register')
          .type('json')
          .send({ ...fields, _csrf: csrf });
        expect(response.status, JSON.stringify(fields)).to.equal(422);
      }
    });

    it('ignores prototype keys in the body', async () => {
      const { agent, csrf } = await openForm();
      const response = await agent
        .post('/register')
        .type('json')
        .send(`{"__proto__":{"username":"polluted"},"constructor":{"prototype":{"x":1}},"_csrf":"${csrf}"}`);
      expect(response.status).to.equal(422);
      expect(({} as Record<string, unknown>).username).to.equal(undefined);
    });

    it('stores SQL-looking passwords as they are', async () => {
      const password = "' OR '1'='1' -- ;DROP TABLE users";
      const user = await signUp(app.url, { password });
      expect(await canLogIn(user.username, password)).to.equal(true);
      expect(await canLogIn(user.username, "' OR 1=1 --")).to.equal(false);
    });

    it('escapes the kept username in the page', async () => {
      const response = await submit({ username: '<script>alert(1)</script>', password: 'x' });
      expect(response.status).to.equal(422);
      expect(response.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(response.text).not.to.include('<script>alert(1)');
    });

    it('answers 409 for a name taken in any case, keeping the username', async () => {
      const first = await signUp(app.url, { username: uniqueName('Taken') });
      for (const username of [first.username, first.username.toLowerCase(), first.username.toUpperCase()]) {
        const response = await submit({ username, password: 'another password' });
        expect(response.status).to.equal(409);
        expect(response.text).to.include('already taken');
        expect(response.text).to.include(`value="${username}"`);
      }
      expect(await canLogIn(first.username, 'another password')).to.equal(false);
    });

    it('answers 403 without a _csrf, storing nothing', async () => {
      const username = uniqueName('nocsrf');
      const { agent } = await openForm();
      await agent.post('/register').type('form').send({ username, password: 'a good password' }).expect(403);
      expect(await canLogIn(username, 'a good password')).to.equal(false);
      await signUp(app.url, { username, password: 'a good password' }); // the name is still free
    });

    it('answers 403 with a wrong or foreign _csrf, storing nothing', async () => {
      const username = uniqueName('badcsrf');
      const { agent, csrf } = await openForm();
      const other = await openForm();
      for (const token of ['wrong', `${csrf}x`, other.csrf, '']) {
        await agent.post('/register').type('form').send({ username, password: 'a good password', _csrf: token }).expect(403);
      }
      const noSession = await supertest(app.url)
        .post('/register')
        .type('form')
        .send({ username, password: 'a good password', _csrf: csrf });
      expect(noSession.status).to.equal(403);
      expect(await canLogIn(username, 'a good password')).to.equal(false);
    });

    it('answers 403 for a _csrf sent as an array', async () => {
      const { agent, csrf } = await openForm();
      const token = encodeURIComponent(csrf);
      const response = await agent
        .post('/register')
        .type('form')
        .send(`username=${uniqueName('a')}&password=a+good+password&_csrf=${token}&_csrf=${token}`);
      expect(response.status).to.equal(403);
    });
  });
});

describe('Registration limit per address', () => {
  let app: TestApp;

  before(async () => {
    app = await createTestApp({ env: { REGISTER_MAX_PER_HOUR: '2', TRUST_PROXY: '1' } });
  });

  after(() => app.stop());

  async function register(username: string, address: string) {
    const agent = supertest.agent(app.url);
    const page = await agent.get('/register').set('X-Forwarded-For', address).expect(200);
    return agent
      .post('/register')
      .set('X-Forwarded-For', address)
      .type('form')
      .send({ username, password: 'a good password', _csrf: csrfFrom(page.text) });
  }

  it('answers 429 with Retry-After past REGISTER_MAX_PER_HOUR successful sign-ups, storing nothing', async () => {
    const address = '203.0.113.7';
    expect((await register(uniqueName('one'), address)).status).to.equal(303);
    expect((await register('bad name!', address)).status).to.equal(422); // failures do not count
    expect((await register(uniqueName('two'), address)).status).to.equal(303);
    const refusedName = uniqueName('three');
    const refused = await register(refusedName, address);
    expect(refused.status).to.equal(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).to.be.within(1, 3600);
    expect(refused.text).to.include('Too many accounts');
    const login = await logIn(app.url, { username: refusedName, password: 'a good password' }).catch((error: Error) => error);
    expect(login).to.be.instanceOf(Error);
  });

  it('counts each address on its own', async () => {
    expect((await register(uniqueName('other'), '198.51.100.9')).status).to.equal(303);
  });
});
