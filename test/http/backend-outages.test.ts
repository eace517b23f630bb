import { expect } from 'chai';
import supertest from 'supertest';
import { csrfFrom, signUp, uniqueName, type SignedIn } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';
import { TcpProxy, throughProxy } from '../support/tcp-proxy';

/** Polls /healthz until it answers 200, as a load balancer would before sending traffic back. */
async function waitHealthy(app: TestApp, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await supertest(app.url).get('/healthz');
    if (response.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the app did not recover');
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

async function logInThroughForm(app: TestApp, user: { username: string; password: string }) {
  const agent = supertest.agent(app.url);
  const page = await agent.get('/login');
  if (page.status !== 200) return page;
  return agent
    .post('/login')
    .type('form')
    .send({ ...user, _csrf: csrfFrom(page.text) });
}

for (const backend of ['redis', 'mysql'] as const) {
  const url = backend === 'redis' ? process.env.REDIS_URL : process.env.MYSQL_URL;
  const key = backend === 'redis' ? 'sessions' : 'db';

  describe(`HTTP with ${backend} cut and restored`, function () {
    this.timeout(60_000);
    let proxy: TcpProxy;
    let app: TestApp;
    let user: SignedIn;

    before(async function () {
      if (!url) return this.skip(); // only in the services mode
      const target = new URL(url);
      proxy = new TcpProxy(target.hostname, Number(target.port || (backend === 'redis' ? 6379 : 3306)));
      const port = await proxy.start();
      app = await createTestApp({ env: { [backend === 'redis' ? 'REDIS_URL' : 'MYSQL_URL']: throughProxy(url, port) } });
      user = await signUp(app.url);
    });

    after(async () => {
      proxy?.restore();
      await app?.stop();
      await proxy?.stop();
    });

    it(`answers 503 quickly while ${backend} is away, naming it in /healthz`, async () => {
      proxy.cut();
      const health = await timed(() => supertest(app.url).get('/healthz'));
      expect(health.result.status).to.equal(503);
      expect(health.result.body.status).to.equal('unavailable');
      expect(health.result.body[key]).to.equal('down');
      expect(health.ms).to.be.below(5000);

      const page = await timed(() => user.agent.get('/io'));
      expect(page.result.status).to.equal(503);
      expect(page.result.text).to.include('Temporarily unavailable');
      expect(page.ms).to.be.below(8000);

      const login = await timed(() => logInThroughForm(app, user));
      expect(login.result.status).to.equal(503);
      expect(login.ms).to.be.below(8000);
    });

    it('works again once it is back, without a restart', async () => {
      proxy.restore();
      await waitHealthy(app);
      await user.agent.get('/io').expect(200);
      const login = await logInThroughForm(app, user);
      expect(login.status).to.equal(303);
      await signUp(app.url, { username: uniqueName('after') });
    });
  });
}
