import { expect } from 'chai';
import supertest from 'supertest';
import { csrfFrom, logIn, signUp, type SignedIn } from '../support/http';
import { connectAs, sleep } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery';
const CHROME_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('Account', () => {
  let app: TestApp;

  before(async () => {
    app = await createTestApp();
  });
  after(() => app.stop());

  async function accountPage(user: SignedIn) {
    const page = await user.agent.get('/account').expect(200);
    return { page, csrf: csrfFrom(page.text) };
  }

  async function changePassword(user: SignedIn, fields: Record<string, string>) {
    const { csrf } = await accountPage(user);
    return user.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, ...fields });
  }

  /** Whether these credentials sign in (through the real form, with a fresh agent). */
  async function canLogIn(username: string, password: string): Promise<boolean> {
    return logIn(app.url, { username, password }).then(
      () => true,
      () => false,
    );
  }

  describe('GET /account', () => {
    it('answers 200 with a password form (current, password, hidden _csrf) when signed in', async () => {
      const user = await signUp(app.url);
      const response = await user.agent.get('/account').expect(200).expect('Content-Type', /html/);
      expect(response.headers['cache-control']).to.equal('no-store');
      expect(response.text).to.match(/<form[^>]*method="post"[^>]*action="\/account\/password"/);
      expect(response.text).to.match(/<input[^>]*name="current"[^>]*type="password"/);
      expect(response.text).to.match(/<input[^>]*name="password"[^>]*type="password"/);
      expect(response.text).to.match(/<input type="hidden" name="_csrf" value="[^"]+"/);
      expect(response.text).to.match(/<label for="current">Current password<\/label>/);
      expect(response.text).to.match(/<label for="password">New password<\/label>/);
      expect(response.text).to.match(/<label for="nickname">Nickname<\/label>/);
      expect(response.text).to.match(/<form[^>]*method="post"[^>]*action="\/logout"/);
      // No inline style or script (the CSP): only the page's own script file.
      expect(response.text).not.to.match(/style=/);
      expect(response.text.match(/<script[^>]*>/g)).to.deep.equal(['<script src="/js/account.js" defer>']);
      expect(response.text).to.match(/<script src="\/js\/account.js" defer><\/script>/);
    });

    it('sends a signed-out visitor to /login with 303', async () => {
      await supertest(app.url).get('/account').expect(303).expect('Location', '/login');
    });

    it('is linked from the chat page header', async () => {
      const user = await signUp(app.url);
      expect((await user.agent.get('/io').expect(200)).text).to.match(/<a[^>]*href="\/account"[^>]*>Account<\/a>/);
    });

    it('lists the sessions with device, address and last seen, this one marked', async () => {
      const user = await signUp(app.url);
      // Signed in from Chrome on Linux: the browser is noted at sign-in.
      const chrome = supertest.agent(app.url);
      const form = await chrome.get('/login').set('User-Agent', CHROME_ON_LINUX).expect(200);
      await chrome
        .post('/login')
        .set('User-Agent', CHROME_ON_LINUX)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), username: user.username, password: user.password })
        .expect(303);
      const { page } = await accountPage(user);
      expect(page.text).to.contain('(this browser)');
      expect(page.text).to.contain('Chrome on Linux');
      expect(page.text).to.contain('127.0.0.1');
      expect(page.text).to.contain('Active now');
      expect(page.text).to.contain('Sign out other sessions (1)');
    });
  });

  describe('POST /account/password', () => {
    it('changes the password: 303 to /io, the new one signs in, the old one no longer does, this session stays', async () => {
      const user = await signUp(app.url, { password: PASSWORD });
      const response = await changePassword(user, { current: PASSWORD, password: 'a brand new secret' });
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.equal('/io');
      await user.agent.get('/io').expect(200);
      expect(await canLogIn(user.username, PASSWORD)).to.equal(false);
      expect(await canLogIn(user.username, 'a brand new secret')).to.equal(true);
    });

    it("ends every other session and disconnects its sockets, while this session's socket stays", async () => {
      const user = await signUp(app.url, { password: PASSWORD });
      const other = await logIn(app.url, user);
      const mine = await connectAs(app.url, user.cookie);
      const theirs = await connectAs(app.url, other.cookie);
      const theirsClosed = new Promise((resolve) => theirs.once('disconnect', resolve));
      let mineClosed = false;
      mine.once('disconnect', () => (mineClosed = true));

      const response = await changePassword(user, { current: PASSWORD, password: 'a brand new secret' });
      expect(response.status).to.equal(303);

      await theirsClosed;
      await other.agent.get('/io').expect(303).expect('Location', '/login');
      await other.agent.get('/account').expect(303).expect('Location', '/login');
      await sleep(200);
      expect(mineClosed).to.equal(false);
      expect(mine.connected).to.equal(true);
      await user.agent.get('/io').expect(200);
      // The ended session cannot open a new socket either.
      const reopened = await connectAs(app.url, other.cookie).then(
        (socket) => (socket.close(), true),
        () => false,
      );
      expect(reopened).to.equal(false);
      mine.close();
    });

    it('refuses a wrong current password with 401 and the form again, changing nothing', async () => {
      const user = await signUp(app.url, { password: PASSWORD });
      const other = await logIn(app.url, user);
      const response = await changePassword(user, { current: 'not my password', password: 'a brand new secret' });
      expect(response.status).to.equal(401);
      expect(response.text).to.contain('Your current password is not correct.');
      expect(response.text).to.match(/<input[^>]*name="current"/);
      expect(response.text).to.match(/name="_csrf"/);
      expect(await canLogIn(user.username, PASSWORD)).to.equal(true);
      expect(await canLogIn(user.username, 'a brand new secret')).to.equal(false);
      await other.agent.get('/io').expect(200);
    });

    it('refuses a new password outside the rules with 422 and the errors, changing nothing', async () => {
      const user = await signUp(app.url, { password: PASSWORD });
      for (const [password, words] of [
        ['short', 'New password must be at least 8 characters long.'],
        ['é'.repeat(37), 'New password must be at most 72 bytes long'],
        ['', 'Enter a new password.'],
      ] as const) {
        const response = await changePassword(user, { current: PASSWORD, password });
        expect(response.status, password).to.equal(422);
        expect(response.text).to.contain(words);
        expect(response.text).to.match(/<input[^>]*name="password"[^>]*aria-invalid="true"/);
      }
      expect(await canLogIn(user.username, PASSWORD)).to.equal(true);
    });

    it('accepts a new password of exactly 72 bytes', async () => {
      const user = await signUp(app.url, { password: PASSWORD });
      const password = 'é'.repeat(36);
      expect((await changePassword(user, { current: PASSWORD, password })).status).to.equal(303);
      expect(await canLogIn(user.username, password)).to.equal(true);
    });

    it('refuses a request without the CSRF token with 403, changing nothing', async () => {
      const user = await signUp(app.url, { password: PASSWORD });
      await user.agent
        .post('/account/password')
        .type('form')
        .send({ current: PASSWORD, password: 'a brand new secret' })
        .expect(403);
      await user.agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: 'forged', current: PASSWORD, password: 'a brand new secret' })
        .expect(403);
      expect(await canLogIn(user.username, PASSWORD)).to.equal(true);
    });

    it('sends a signed-out visitor to /login', async () => {
      const agent = supertest.agent(app.url);
      const csrf = csrfFrom((await agent.get('/login').expect(200)).text);
      await agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrf, current: PASSWORD, password: 'a brand new secret' })
        .expect(303)
        .expect('Location', '/login');
    });
  });

  describe('throttling wrong current passwords', () => {
    let limited: TestApp;
    before(async () => {
      limited = await createTestApp({ env: { LOGIN_MAX_FAILURES: '2' } });
    });
    after(() => limited.stop());

    it('answers 429 with Retry-After after LOGIN_MAX_FAILURES wrong ones, even for the right one', async () => {
      const user = await signUp(limited.url, { password: PASSWORD });
      const post = async (current: string) => {
        const csrf = csrfFrom((await user.agent.get('/account').expect(200)).text);
        return user.agent.post('/account/password').type('form').send({ _csrf: csrf, current, password: 'a brand new secret' });
      };
      expect((await post('wrong one')).status).to.equal(401);
      expect((await post('wrong two')).status).to.equal(401);
      const refused = await post(PASSWORD);
      expect(refused.status).to.equal(429);
      expect(refused.headers['retry-after']).to.match(/^\d+$/);
      expect(refused.text).to.contain('Too many wrong passwords');
    });
  });

  describe('POST /account/nickname', () => {
    it('sets and clears the nickname, and refuses one that is too long with 422', async () => {
      const user = await signUp(app.url);
      let { csrf } = await accountPage(user);
      await user.agent
        .post('/account/nickname')
        .type('form')
        .send({ _csrf: csrf, nickname: '  Ally  ' })
        .expect(303)
        .expect('Location', '/account?done=nickname');
      const page = (await user.agent.get('/account?done=nickname').expect(200)).text;
      expect(page).to.contain('value="Ally"');
      expect(page).to.contain('Your nickname is saved.');

      const tooLong = await user.agent
        .post('/account/nickname')
        .type('form')
        .send({ _csrf: csrf, nickname: 'x'.repeat(33) });
      expect(tooLong.status).to.equal(422);
      expect(tooLong.text).to.contain('Nickname must be at most 32 characters');

      ({ csrf } = await accountPage(user));
      await user.agent.post('/account/nickname').type('form').send({ _csrf: csrf, nickname: '' }).expect(303);
      expect((await user.agent.get('/account').expect(200)).text).to.contain(
        'id="nickname" name="nickname" type="text" value=""',
      );
    });

    it('refuses a request without the CSRF token with 403', async () => {
      const user = await signUp(app.url);
      await user.agent.post('/account/nickname').type('form').send({ nickname: 'Mallory' }).expect(403);
    });
  });

  describe('POST /account/sessions/others', () => {
    it('signs out the other sessions and their sockets; this one and its socket stay', async () => {
      const user = await signUp(app.url);
      const [second, third] = [await logIn(app.url, user), await logIn(app.url, user)];
      const mine = await connectAs(app.url, user.cookie);
      const theirs = [await connectAs(app.url, second.cookie), await connectAs(app.url, third.cookie)];
      const closed = theirs.map((socket) => new Promise((resolve) => socket.once('disconnect', resolve)));
      const { csrf } = await accountPage(user);

      await user.agent
        .post('/account/sessions/others')
        .type('form')
        .send({ _csrf: csrf })
        .expect(303)
        .expect('Location', '/account?done=sessions');

      await Promise.all(closed);
      for (const other of [second, third]) await other.agent.get('/io').expect(303).expect('Location', '/login');
      await sleep(200);
      expect(mine.connected).to.equal(true);
      const page = (await user.agent.get('/account?done=sessions').expect(200)).text;
      expect(page).to.contain('Your other sessions are signed out.');
      expect(page).to.contain('You are not signed in anywhere else.');
      mine.close();
    });

    it('refuses a request without the CSRF token with 403 and ends nothing', async () => {
      const user = await signUp(app.url);
      const other = await logIn(app.url, user);
      await user.agent.post('/account/sessions/others').type('form').send({}).expect(403);
      await other.agent.get('/io').expect(200);
    });
  });

  describe('signed in, the sign-in and sign-up pages', () => {
    it('send to /io with 303 (GET /login and GET /register)', async () => {
      const user = await signUp(app.url);
      await user.agent.get('/login').expect(303).expect('Location', '/io');
      await user.agent.get('/register').expect(303).expect('Location', '/io');
    });

    it('still show their forms to a visitor', async () => {
      await supertest(app.url).get('/login').expect(200);
      await supertest(app.url).get('/register').expect(200);
    });
  });

  describe('the session index', () => {
    it('drops sessions that ended (logout) from the list', async () => {
      const user = await signUp(app.url);
      const other = await logIn(app.url, { username: user.username, password: user.password });
      const csrf = csrfFrom((await other.agent.get('/io').expect(200)).text);
      await other.agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
      const { page } = await accountPage(user);
      expect(page.text).to.contain('You are not signed in anywhere else.');
    });
  });
});
