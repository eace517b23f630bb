import { expect } from 'chai';
import { signUp } from '../support/http';
import { connectAs, openSocket, openWithUsers } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Socket.IO handshake', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ env: { ALLOWED_ORIGINS: 'https://partner.example' } });
  });
  after(() => app.stop());

  it('refuses a connection without a session with unauthorized', async () => {
    const error = await openSocket(app.url).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('unauthorized');
  });

  it('refuses a websocket-only connection without a session with unauthorized', async () => {
    const error = await openSocket(app.url, { transports: ['websocket'] }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('unauthorized');
  });

  it('refuses a forged session cookie', async () => {
    const error = await openSocket(app.url, { cookie: 'chat.sid=s%3Aforged.signature' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('unauthorized');
  });

  it('accepts a signed-in user on both transports and sends updateUsers', async () => {
    const alice = await signUp(app.url);
    for (const transports of [['polling', 'websocket'], ['websocket']] as const) {
      const { socket, users } = await openWithUsers(app.url, { cookie: alice.cookie, transports: [...transports] });
      expect(users.map((user) => user.username)).to.include(alice.username);
      socket.close();
    }
  });

  it('refuses a foreign Origin even with a valid session, on both transports', async () => {
    const alice = await signUp(app.url);
    for (const transports of [['polling'], ['websocket']] as const) {
      const error = await openSocket(app.url, {
        cookie: alice.cookie,
        origin: 'https://evil.example',
        transports: [...transports],
      }).then(
        () => null,
        (e: Error) => e,
      );
      expect(error, `transport ${transports[0]}`).to.be.instanceOf(Error);
    }
  });

  it("accepts the site's own Origin and ALLOWED_ORIGINS", async () => {
    const alice = await signUp(app.url);
    for (const origin of [app.url, 'https://partner.example']) {
      const socket = await connectAs(app.url, alice.cookie, { origin });
      expect(socket.connected).to.equal(true);
      socket.close();
    }
  });

  it('disconnects every socket of a session at logout, and the cookie no longer connects', async () => {
    const alice = await signUp(app.url);
    const tabs = await Promise.all([connectAs(app.url, alice.cookie), connectAs(app.url, alice.cookie)]);
    const closed = tabs.map((tab) => new Promise((resolve) => tab.once('disconnect', resolve)));
    const page = await alice.agent.get('/io').expect(200);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1];
    await alice.agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    await Promise.all(closed);
    const error = await openSocket(app.url, { cookie: alice.cookie }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('unauthorized');
  });
});
