import { expect } from 'chai';
import type { SessionData, Store } from 'express-session';
import supertest from 'supertest';
import { csrfFrom, sessionCookieFrom, signUp } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';

/** The session id inside a `chat.sid=s%3A<id>.<signature>` cookie. */
function sessionIdOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  return value.slice(2, value.lastIndexOf('.'));
}

function getSession(store: Store, id: string): Promise<SessionData | null | undefined> {
  return new Promise((resolve, reject) => store.get(id, (error, session) => (error ? reject(error) : resolve(session))));
}

function setSession(store: Store, id: string, session: SessionData): Promise<void> {
  return new Promise((resolve, reject) => store.set(id, session, (error) => (error ? reject(error) : resolve())));
}

describe('Sessions', () => {
  let app: TestApp;

  before(async () => {
    app = await createTestApp();
  });

  after(() => app.stop());

  describe('the session cookie', () => {
    it('is httpOnly, SameSite=Lax, not named connect.sid, and not Secure over plain HTTP', async () => {
      const response = await supertest(app.url).get('/login').expect(200);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).to.match(/^chat\.sid=/);
      expect(cookie).not.to.include('connect.sid');
      expect(cookie).to.include('HttpOnly');
      expect(cookie).to.include('SameSite=Lax');
      expect(cookie).to.include('Path=/');
      expect(cookie).not.to.match(/;\s*Secure/i);
    });

    it('lasts 7 days after sign-in, rolling', async () => {
      const user = await signUp(app.url);
      const response = await user.agent.get('/io').expect(200);
      const expires = /Expires=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
      const days = (Date.parse(expires ?? '') - Date.now()) / 86_400_000;
      expect(days).to.be.within(6.9, 7.01);
    });

    it('ignores X-Forwarded-Proto when the proxy is not trusted', async () => {
      const response = await supertest(app.url).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      expect(String(response.headers['set-cookie'])).not.to.match(/;\s*Secure/i);
    });

    it('is Secure over TLS through a trusted proxy, in production too', async () => {
      const proxied = await createTestApp({ env: { TRUST_PROXY: '1', NODE_ENV: 'production', BCRYPT_ROUNDS: '10' } });
      try {
        const tls = await supertest(proxied.url).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
        expect(String(tls.headers['set-cookie'])).to.match(/;\s*Secure/i);
        expect(String(tls.headers['set-cookie'])).to.include('HttpOnly');
        const plain = await supertest(proxied.url).get('/login').expect(200);
        expect(String(plain.headers['set-cookie'])).not.to.match(/;\s*Secure/i);
      } finally {
        await proxied.stop();
      }
    });
  });

  describe('GET /', () => {
    it('redirects a visitor to /login with 303', async () => {
      const response = await supertest(app.url).get('/').expect(303);
      expect(response.headers.location).to.equal('/login');
    });

    it('redirects a signed-in user to /io with 303', async () => {
      const user = await signUp(app.url);
      const response = await user.agent.get('/').expect(303);
      expect(response.headers.location).to.equal('/io');
    });
  });

  describe('GET /io', () => {
    it('redirects a visitor to /login with 303', async () => {
      const response = await supertest(app.url).get('/io').expect(303);
      expect(response.headers.location).to.equal('/login');
    });

    it('redirects a forged or unsigned cookie to /login', async () => {
      await supertest(app.url).get('/io').set('Cookie', 'chat.sid=s%3Aforged.signature').expect(303);
      await supertest(app.url).get('/io').set('Cookie', 'chat.sid=plain').expect(303);
    });

    it('shows the chat page with the CSRF token in a meta tag, never cached', async () => {
      const user = await signUp(app.url);
      const page = await user.agent.get('/io').expect(200).expect('Content-Type', /html/);
      expect(page.text).to.match(/<meta name="csrf-token" content="[^"]+">/);
      expect(page.text).to.include(user.username);
      expect(page.headers['cache-control']).to.equal('no-store');
    });

    it('treats a session whose user no longer exists as signed out', async () => {
      const user = await signUp(app.url);
      const id = sessionIdOf(user.cookie);
      const session = await getSession(app.stores.sessionStore, id);
      expect(session?.userId).to.be.a('string');
      await setSession(app.stores.sessionStore, id, { ...session!, userId: '987654321987' }); // read just above
      const response = await supertest(app.url).get('/io').set('Cookie', user.cookie).expect(303);
      expect(response.headers.location).to.equal('/login');
    });

    it('ends a session past its absolute lifetime', async () => {
      const user = await signUp(app.url);
      const id = sessionIdOf(user.cookie);
      const session = await getSession(app.stores.sessionStore, id);
      const monthAgo = Date.now() - 31 * 86_400_000;
      await setSession(app.stores.sessionStore, id, { ...session!, createdAt: monthAgo }); // read just above
      await supertest(app.url).get('/io').set('Cookie', user.cookie).expect(303);
      expect(await getSession(app.stores.sessionStore, id)).to.equal(null);
    });
  });

  describe('POST /logout', () => {
    it('destroys the session and redirects to /login with 303', async () => {
      const user = await signUp(app.url);
      const page = await user.agent.get('/io').expect(200);
      const response = await user.agent
        .post('/logout')
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(303);
      expect(response.headers.location).to.equal('/login');
      expect(String(response.headers['set-cookie'])).to.match(/chat\.sid=;.*Expires=Thu, 01 Jan 1970/);
      await user.agent.get('/io').expect(303);
      // The old cookie, replayed, no longer signs anyone in.
      await supertest(app.url).get('/io').set('Cookie', user.cookie).expect(303);
      expect(await getSession(app.stores.sessionStore, sessionIdOf(user.cookie))).to.equal(null);
    });

    it('accepts the token as an x-csrf-token header', async () => {
      const user = await signUp(app.url);
      const page = await user.agent.get('/io').expect(200);
      await user.agent.post('/logout').set('x-csrf-token', csrfFrom(page.text)).expect(303);
      await user.agent.get('/io').expect(303);
    });

    it('answers 403 without a valid _csrf and keeps the session', async () => {
      const user = await signUp(app.url);
      await user.agent.post('/logout').type('form').send({}).expect(403);
      await user.agent.post('/logout').type('form').send({ _csrf: 'forged' }).expect(403);
      await user.agent.get('/io').expect(200);
    });

    it('is not a GET', async () => {
      const user = await signUp(app.url);
      await user.agent.get('/logout').expect(404);
      await user.agent.get('/io').expect(200);
    });
  });

  it('gives a visitor a short-lived session only once a form needs one', async () => {
    const none = await supertest(app.url).get('/');
    expect(sessionCookieFrom(none)).to.equal(undefined);
    const form = await supertest(app.url).get('/login');
    const expires = /Expires=([^;]+)/.exec(String(form.headers['set-cookie']))?.[1];
    const hours = (Date.parse(expires ?? '') - Date.now()) / 3_600_000;
    expect(hours).to.be.within(23.9, 24.01);
  });
});
