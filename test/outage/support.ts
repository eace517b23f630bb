/**
 * An app whose MySQL or Redis connection runs through a TCP proxy the test can cut and restore
 * (test/support/tcp-proxy.ts), for outage tests in the services mode. Skipped without that backend.
 */
import supertest from 'supertest';
import { TcpProxy, throughProxy } from '../support/tcp-proxy';
import { csrfFrom } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';

/** Why a socket ended when a standard socket.io-client will reconnect by itself (not "io server disconnect"). */
export const RECONNECTABLE = ['transport close', 'transport error'];

export type Backend = 'mysql' | 'redis';

export const BACKEND_URL: Record<Backend, string | undefined> = {
  mysql: process.env.MYSQL_URL || undefined,
  redis: process.env.REDIS_URL || undefined,
};

const DEFAULT_PORT: Record<Backend, number> = { mysql: 3306, redis: 6379 };
const ENV_KEY: Record<Backend, string> = { mysql: 'MYSQL_URL', redis: 'REDIS_URL' };

export type BackendProxy = {
  proxy: TcpProxy;
  /** The environment that sends an app's (or a server process's) connections to `backend` through the proxy. */
  env: Record<string, string>;
};

/** A started TCP proxy in front of `backend` (MYSQL_URL or REDIS_URL must be set). */
export async function proxyBackend(backend: Backend): Promise<BackendProxy> {
  const url = BACKEND_URL[backend];
  if (!url) throw new Error(`${ENV_KEY[backend]} is not set`);
  const target = new URL(url);
  const proxy = new TcpProxy(target.hostname, Number(target.port || DEFAULT_PORT[backend]));
  const port = await proxy.start();
  return { proxy, env: { [ENV_KEY[backend]]: throughProxy(url, port) } };
}

export type ProxiedApp = { app: TestApp; proxy: TcpProxy; stop(): Promise<void> };

/** `redisPrefix`: share another app's Redis keys and adapter channels, as a second process would. */
export async function proxiedApp(backend: Backend, env: Record<string, string> = {}, redisPrefix?: string): Promise<ProxiedApp> {
  const { proxy, env: proxied } = await proxyBackend(backend);
  const app = await createTestApp({ env: { ...env, ...proxied }, redisPrefix });
  return {
    app,
    proxy,
    /** Lets traffic through again (cut or frozen), then stops the app and the proxy. */
    async stop() {
      proxy.restore();
      proxy.thaw();
      await app.stop();
      await proxy.stop();
    },
  };
}

/** Polls /healthz until it answers 200, as a load balancer would before sending traffic back. */
export async function waitHealthy(server: { url: string }, timeoutMs = 20_000): Promise<void> {
  const status = () =>
    fetch(`${server.url}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
  await eventually(status, (code) => code === 200, { timeoutMs, what: `${server.url}/healthz to answer 200` });
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
