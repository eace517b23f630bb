/**
 * Two server processes' worth of apps on one MySQL and one Redis: a password change made through
 * one ends the user's other sessions and disconnects their sockets on the other process too, while
 * the changing session's own sockets, on either process, stay. Needs MYSQL_URL and REDIS_URL;
 * skipped in embedded mode, where there is only one process.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { csrfFrom, logIn, signUp } from '../support/http';
import { connectAs, sleep, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

describe('password change across processes', function () {
  this.timeout(20_000);
  let one: TestApp;
  let two: TestApp;
  const open: ClientSocket[] = [];

  before(async function () {
    if (!process.env.MYSQL_URL || !process.env.REDIS_URL) this.skip();
    const redisPrefix = `test:${randomUUID()}:`;
    [one, two] = await Promise.all([createTestApp({ redisPrefix }), createTestApp({ redisPrefix })]);
  });
  after(async () => {
    for (const socket of open) socket.close();
    await Promise.all([one?.stop(), two?.stop()]);
  });

  it("disconnects the other session's socket on the other process; this session's sockets stay", async () => {
    const user = await signUp(one.url, { password: 'correct horse battery' });
    const other = await logIn(two.url, user);
    const mineOnTwo = await connectAs(two.url, user.cookie);
    const theirsOnTwo = await connectAs(two.url, other.cookie);
    const theirsOnOne = await connectAs(one.url, other.cookie);
    open.push(mineOnTwo, theirsOnTwo, theirsOnOne);
    const closed = [theirsOnTwo, theirsOnOne].map((socket) => new Promise((resolve) => socket.once('disconnect', resolve)));

    const csrf = csrfFrom((await user.agent.get('/account').expect(200)).text);
    await user.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, current: 'correct horse battery', password: 'a brand new secret' })
      .expect(303)
      .expect('Location', '/io');

    await Promise.all(closed);
    await sleep(200);
    expect(mineOnTwo.connected).to.equal(true);
    await other.agent.get('/io').expect(303).expect('Location', '/login');
  });
});
