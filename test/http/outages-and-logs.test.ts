import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import session from 'express-session';
import supertest from 'supertest';
import { StoreUnavailableError } from '../../src/chat/errors';
import { csrfFrom, uniqueName } from '../support/http';
import { createFakeHttpApp, failingUsers } from './fake-http-app';

class FailingSessionStore extends session.Store {
  override get(_sid: string, callback: (error: unknown) => void) {
    callback(new Error('connection refused'));
  }
  override set(_sid: string, _session: session.SessionData, callback?: (error?: unknown) => void) {
    callback?.(new Error('connection refused'));
  }
  override destroy(_sid: string, callback?: (error?: unknown) => void) {
    callback?.(new Error('connection refused'));
  }
}

/** A session cookie as express-session signs it (cookie-signature: HMAC-SHA256, base64, no padding). */
function signedSessionCookie(sessionId: string, secret: string): string {
  const signature = createHmac('sha256', secret).update(sessionId).digest('base64').replace(/=+$/, '');
  return `chat.sid=${encodeURIComponent(`s:${sessionId}.${signature}`)}`;
}

async function formToken(agent: ReturnType<typeof supertest.agent>, path: string): Promise<string> {
  const page = await agent.get(path).expect(200);
  return csrfFrom(page.text);
}

describe('HTTP app with failing backends', () => {
  describe('GET /healthz', () => {
    it('answers 503 naming the database when its check fails', async () => {
      const { app } = createFakeHttpApp({ checks: { db: () => Promise.reject(new Error('down')) } });
      const response = await supertest(app).get('/healthz').expect(503);
      expect(response.body).to.deep.equal({ status: 'unavailable', db: 'down', sessions: 'ok' });
    });

    it('answers 503 naming the session store when its check fails', async () => {
      const { app } = createFakeHttpApp({ checks: { sessions: () => Promise.reject(new Error('down')) } });
      const response = await supertest(app).get('/healthz').expect(503);
      expect(response.body).to.deep.equal({ status: 'unavailable', db: 'ok', sessions: 'down' });
    });

    it('counts a check that never answers as down, within a few seconds', async () => {
      const { app } = createFakeHttpApp({ checks: { db: () => new Promise<void>(() => {}) } });
      const started = Date.now();
      const response = await supertest(app).get('/healthz').expect(503);
      expect(response.body).to.deep.equal({ status: 'unavailable', db: 'down', sessions: 'ok' });
      expect(Date.now() - started).to.be.below(5000);
    });

    it('answers 200 when both answer, and is never cached', async () => {
      const { app } = createFakeHttpApp();
      const response = await supertest(app).get('/healthz').expect(200);
      expect(response.body).to.deep.equal({ status: 'ok', db: 'ok', sessions: 'ok' });
      expect(response.headers['cache-control']).to.equal('no-store');
    });
  });

  describe('with the database unavailable', () => {
    const down = () => new StoreUnavailableError('database unreachable');

    it('answers a sign-up with a friendly 503 page', async () => {
      const { app } = createFakeHttpApp({ users: (users) => failingUsers(users, down) });
      const agent = supertest.agent(app);
      const _csrf = await formToken(agent, '/register');
      const response = await agent
        .post('/register')
        .type('form')
        .send({ username: uniqueName('down'), password: 'long enough', _csrf })
        .expect(503);
      expect(response.text).to.include('Temporarily unavailable');
      expect(response.text).not.to.include('database unreachable');
    });

    it('answers a sign-in with a 503, not a 401', async () => {
      const { app } = createFakeHttpApp({ users: (users) => failingUsers(users, down) });
      const agent = supertest.agent(app);
      const _csrf = await formToken(agent, '/login');
      await agent.post('/login').type('form').send({ username: 'someone', password: 'long enough', _csrf }).expect(503);
    });
  });

  describe('with an unexpected failure', () => {
    it('answers a generic 500 page and logs the error with its stack', async () => {
      const { app, logLines } = createFakeHttpApp({
        users: (users) => failingUsers(users, () => new Error('secret internal detail')),
      });
      const agent = supertest.agent(app);
      const _csrf = await formToken(agent, '/login');
      const response = await agent
        .post('/login')
        .type('form')
        .send({ username: 'someone', password: 'long enough', _csrf })
        .expect(500);
      expect(response.text).to.include('Something went wrong');
      expect(response.text).not.to.include('secret internal detail');
      const logged = logLines.map((line) => JSON.parse(line) as { err?: { message?: string; stack?: string } });
      const entry = logged.find((line) => line.err?.message === 'secret internal detail');
      expect(entry?.err?.stack).to.be.a('string').and.include('Error: secret internal detail');
    });
  });

  describe('with the session store unavailable', () => {
    it('answers pages that need a session with 503, and /healthz still answers', async () => {
      const { app } = createFakeHttpApp({ sessionStore: new FailingSessionStore() });
      const response = await supertest(app)
        .get('/io')
        .set('Cookie', signedSessionCookie('some-session-id', 'fake-secret-fake-secret-fake-secret'))
        .expect(503);
      expect(response.text).to.include('Temporarily unavailable');
      expect(response.headers['retry-after']).to.equal('5');
      await supertest(app).get('/healthz').expect(200);
    });

    it('answers a form that cannot save its session with 503', async () => {
      const { app } = createFakeHttpApp({ sessionStore: new FailingSessionStore() });
      await supertest(app).get('/login').expect(503);
    });
  });
});

describe('request logs', () => {
  it('write one line per request with status and duration, and never passwords, cookies or session ids', async () => {
    const { app, logLines } = createFakeHttpApp();
    const agent = supertest.agent(app);
    const username = uniqueName('logged');
    const password = 'pw-that-must-not-leak';
    const registerPage = await agent.get('/register').expect(200);
    const registered = await agent
      .post('/register')
      .type('form')
      .send({ username, password, _csrf: csrfFrom(registerPage.text) })
      .expect(303);
    const cookie = String(registered.headers['set-cookie']).split(';')[0] ?? '';
    const sessionId =
      decodeURIComponent(cookie.split('=')[1] ?? '')
        .slice(2)
        .split('.')[0] ?? '';
    expect(sessionId).to.have.length.above(10);
    const chatPage = await agent.get('/io').expect(200);
    // Signed in, the sign-in page sends to /io; its form is posted with the session's token.
    await agent.get('/login').expect(303);
    await agent
      .post('/login')
      .type('form')
      .send({ username, password: `${password}-wrong`, _csrf: csrfFrom(chatPage.text) })
      .expect(401);

    const requests = logLines
      .map(
        (line) =>
          JSON.parse(line) as { req?: { method?: string; path?: string }; res?: { statusCode?: number }; responseTime?: number },
      )
      .filter((line) => line.req && line.res);
    expect(requests.map((line) => `${line.req?.method} ${line.req?.path} ${line.res?.statusCode}`)).to.deep.equal([
      'GET /register 200',
      'POST /register 303',
      'GET /io 200',
      'GET /login 303',
      'POST /login 401',
    ]);
    for (const line of requests) expect(line.responseTime).to.be.a('number');
    const all = logLines.join('\n');
    expect(all).not.to.include(password);
    expect(all).not.to.include(sessionId);
    expect(all.toLowerCase()).not.to.include('cookie');
  });
});
