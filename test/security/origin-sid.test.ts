/**
 * Cross-site WebSocket hijacking through an open connection (socket.io issue 5077): Socket.IO's
 * allowRequest only sees handshakes, so a page on another site that learned a connection's sid
 * could poll it, post packets into it or upgrade it. Every Engine.IO request is checked instead.
 */
import { expect } from 'chai';
import { signUp, type SignedIn } from '../support/http';
import { sleep } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { enginePath, pollingHandshake, rawRequest, tryUpgrade } from './engine-io';

const FOREIGN = ['https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'not a url'];

describe('Origin on requests that carry a sid', () => {
  let app: TestApp;
  let alice: SignedIn;

  before(async () => {
    app = await createTestApp();
    alice = await signUp(app.url);
  });
  after(() => app.stop());

  /** A polling connection opened from the site itself, as the chat page opens it. */
  const openFromSite = () => pollingHandshake(app.url, { cookie: alice.cookie, origin: app.url });
  const namespaceSockets = () => app.realtime.io.of('/').sockets.size;

  for (const origin of FOREIGN) {
    it(`refuses a poll on an open connection from Origin ${JSON.stringify(origin)}, and the connection lives on`, async () => {
      const sid = await openFromSite();
      const foreign = await rawRequest(app.url, enginePath({ transport: 'polling', sid }), { cookie: alice.cookie, origin });
      expect(foreign.status).to.be.oneOf([400, 403]);
      expect(foreign.body).not.to.match(/^\d/); // no Engine.IO packet leaked

      // The owner's next request still goes through: the refusal neither read nor closed the connection.
      const mine = await rawRequest(app.url, enginePath({ transport: 'polling', sid }), {
        cookie: alice.cookie,
        origin: app.url,
        method: 'POST',
        body: '1', // close packet: ends the connection cleanly
      });
      expect(mine.status).to.equal(200);
    });
  }

  it('refuses a packet posted into an open connection from a foreign Origin: no socket connects', async () => {
    const sid = await openFromSite();
    const before = namespaceSockets();
    const foreign = await rawRequest(app.url, enginePath({ transport: 'polling', sid }), {
      cookie: alice.cookie,
      origin: 'https://evil.example',
      method: 'POST',
      body: '40', // Socket.IO CONNECT to the main namespace
    });
    expect(foreign.status).to.be.oneOf([400, 403]);
    await sleep(200);
    expect(namespaceSockets()).to.equal(before);

    // The same packet from the site's own Origin does connect: the refusal above was the Origin's.
    const mine = await rawRequest(app.url, enginePath({ transport: 'polling', sid }), {
      cookie: alice.cookie,
      origin: app.url,
      method: 'POST',
      body: '40',
    });
    expect(mine.status).to.equal(200);
    const deadline = Date.now() + 3000;
    while (namespaceSockets() === before && Date.now() < deadline) await sleep(20);
    expect(namespaceSockets()).to.equal(before + 1);
    app.realtime.io.of('/').disconnectSockets(true);
  });

  for (const origin of FOREIGN) {
    it(`refuses a websocket upgrade of an open connection from Origin ${JSON.stringify(origin)}`, async () => {
      const sid = await openFromSite();
      const foreign = await tryUpgrade(app.url, { sid }, { cookie: alice.cookie, origin });
      expect(foreign.upgraded).to.equal(false);
    });
  }

  it('lets the site itself upgrade its own connection (the control)', async () => {
    const sid = await openFromSite();
    expect(await tryUpgrade(app.url, { sid }, { cookie: alice.cookie, origin: app.url })).to.deep.equal({ upgraded: true });
  });

  it('refuses a websocket handshake (no sid) from a foreign Origin, and accepts the site', async () => {
    expect((await tryUpgrade(app.url, {}, { cookie: alice.cookie, origin: 'https://evil.example' })).upgraded).to.equal(false);
    expect((await tryUpgrade(app.url, {}, { cookie: alice.cookie, origin: app.url })).upgraded).to.equal(true);
  });

  it('refuses a polling handshake from a foreign Origin before any session work', async () => {
    const response = await rawRequest(app.url, enginePath({ transport: 'polling' }), {
      cookie: alice.cookie,
      origin: 'https://evil.example',
    });
    expect(response.status).to.be.oneOf([400, 403]);
    expect(response.headers['set-cookie']).to.equal(undefined);
  });
});
