/**
 * An app whose MySQL or Redis connection runs through a TCP proxy the test can cut and restore
 * (test/support/tcp-proxy.ts), for outage tests in the services mode. Skipped without that backend.
 */
import supertest from 'supertest';
import { TcpProxy, throughProxy } from '../support/tcp-proxy';
import { csrfFrom } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';

export type Backend = 'mysql' | 'redis';

export const BACKEND_URL: Record<Backend, string | undefined> = {
  mysql: process.env.MYSQL_URL || undefined,
  redis: process.env.REDIS_URL || undefined,
};

const DEFAULT_PORT: Record<Backend, number> = { mysql: 3306, redis: 6379 };
const ENV_KEY: Record<Backend, string> = { mysql: 'MYSQL_URL', redis: 'REDIS_URL' };

export type ProxiedApp = { app: TestApp; proxy: TcpProxy; stop(): Promise<void> };

/** `redisPrefix`: share another app's Redis keys and adapter channels, as a second process would. */
export async function proxiedApp(backend: Backend, env: Record<string, string> = {}, redisPrefix?: string): Promise<ProxiedApp> {
  const url = BACKEND_URL[backend];
  if (!url) throw new Error(`${ENV_KEY[backend]} is not set`);
  const target = new URL(url);
  const proxy = new TcpProxy(target.hostname, Number(target.port || DEFAULT_PORT[backend]));
  const port = await proxy.start();
  const app = await createTestApp({ env: { ...env, [ENV_KEY[backend]]: throughProxy(url, port) }, redisPrefix });
  return {
    app,
    proxy,
    async stop() {
      proxy.restore();
      await app.stop();
      await proxy.stop();
    },
  };
}

/** Polls /healthz until it answers 200, as a load balancer would before sending traffic back. */
export async function waitHealthy(app: TestApp, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const response = await supertest(app.url).get('/healthz');
    if (response.status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the app did not recover');
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

/** Signs in through the form with a fresh agent; resolves with the final response, whatever it is. */
export async function logInThroughForm(app: TestApp, user: { username: string; password: string }) {
  const agent = supertest.agent(app.url);
  const page = await agent.get('/login');
  if (page.status !== 200) return page;
  return agent
    .post('/login')
    .type('form')
    .send({ ...user, _csrf: csrfFrom(page.text) });
}
