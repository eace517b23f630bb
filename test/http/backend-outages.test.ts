import { expect } from 'chai';
import supertest from 'supertest';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import type { TestApp } from '../support/test-app';
import type { TcpProxy } from '../support/tcp-proxy';
import { BACKEND_URL, logInThroughForm, proxiedApp, timed, waitHealthy, type ProxiedApp } from '../outage/support';

for (const backend of ['redis', 'mysql'] as const) {
  const key = backend === 'redis' ? 'sessions' : 'db';

  describe(`HTTP with ${backend} cut and restored`, function () {
    this.timeout(60_000);
    let outage: ProxiedApp;
    let proxy: TcpProxy;
    let app: TestApp;
    let user: SignedIn;

    before(async function () {
      if (!BACKEND_URL[backend]) return this.skip(); // only in the services mode
      outage = await proxiedApp(backend);
      ({ app, proxy } = outage);
      user = await signUp(app.url);
    });

    after(() => outage?.stop());

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
