/**
 * The real server (`src/main.ts`) as a child process on a fixed loopback port, so a test can kill
 * it with SIGKILL and start it again on the same data. Node runs the script itself (no npx or tsx
 * wrapper process), so the signal reaches the server and nothing is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/ports';
import { TEST_ENV } from '../support/test-app';
import { startOutcome } from '../support/http';

const ROOT = path.resolve(import.meta.dirname, '../..');

export { freePort };

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown handler runs, nothing is flushed. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown. Resolves with the exit code once the process is gone. */
  terminate(): Promise<number | null>;
};

export type StartOptions = {
  port: number;
  dataDir: string;
  logFile: string;
  /** Keys in a shared Redis: pass the same one to a restart, so sessions survive it. */
  redisPrefix?: string;
  env?: Record<string, string>;
};

/** A Redis prefix of its own (CI sweeps `test:*`), so no run meets another's sessions or counters. */
export function uniqueRedisPrefix(): string {
  return `test:process-${randomUUID()}:`;
}

/** Starts the server and resolves once /healthz answers 200; rejects if it exits or takes over 60 s. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      MYSQL_URL: process.env.MYSQL_URL ?? '',
      REDIS_URL: process.env.REDIS_URL ?? '',
      REDIS_PREFIX: options.redisPrefix ?? uniqueRedisPrefix(),
      // The tests sign up a few users each from 127.0.0.1; the limits themselves are tested elsewhere.
      REGISTER_MAX_PER_HOUR: '100000',
      LOGIN_MAX_FAILURES: '1000',
      SESSION_SECRET: 'crash-test-secret-crash-test-secret',
      BCRYPT_ROUNDS: '4',
      LOG_LEVEL: 'warn',
      WORKERS: '1',
      LARGE_SITE_USERS: TEST_ENV.LARGE_SITE_USERS,
      ...options.env,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const server: ServerProcess = {
    url,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      return child.exitCode;
    },
  };
  const reached = await startOutcome(url, child, 60_000);
  if (reached === 'healthy') return server;
  if (reached === 'exited') throw new Error(`the server exited with code ${child.exitCode}; see ${options.logFile}`);
  await server.kill();
  throw new Error(`the server did not become healthy in 60 s; see ${options.logFile}`);
}
