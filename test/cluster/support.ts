/**
 * Real server processes for the multi-process tests: `node --import tsx src/main.ts` with a port of
 * its own, all on one scratch MySQL database and one Redis prefix, as a deployment would run them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { scratchMysqlUrl } from '../store/support';
import { TEST_ENV } from '../support/test-app';
import { freePort } from '../support/ports';
import { startOutcome } from '../support/http';

export const MYSQL_URL = process.env.MYSQL_URL || undefined;
export const REDIS_URL = process.env.REDIS_URL || undefined;

const ROOT = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 30_000;

/** Skips the suite, saying why, unless both services are configured (CI sets them). */
export function skipWithoutServices(suite: Mocha.Context): void {
  if (MYSQL_URL && REDIS_URL) return;
  console.log('      (skipped: the multi-process tests need MYSQL_URL and REDIS_URL)');
  suite.skip();
}

export { freePort };

export type ServerProcess = {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** What it printed, for a failing test's message. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<number | string | null>;
  kill(signal: NodeJS.Signals): Promise<number | string | null>;
};

/** What every process of one deployment shares: database, Redis prefix, data folder, secrets. */
export class Deployment {
  readonly prefix = `test:cluster:${randomUUID()}:`;
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'chat-cluster-'));
  private readonly processes = new Set<ServerProcess>();
  private mysql: Promise<{ url: string; drop(): Promise<void> }> | undefined;

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(name: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<ServerProcess> {
    if (!MYSQL_URL || !REDIS_URL) throw new Error('MYSQL_URL and REDIS_URL are needed');
    // One database for all: processes started together must not each make their own.
    this.mysql ??= scratchMysqlUrl(MYSQL_URL);
    const mysql = await this.mysql;
    const port = options.port ?? (await freePort());
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...TEST_ENV,
        LOG_LEVEL: 'warn',
        HANDSHAKE_RATE: '1000',
        HANDSHAKE_BURST: '1000',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        MYSQL_URL: mysql.url,
        REDIS_URL,
        REDIS_PREFIX: this.prefix,
        ...this.env,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    const server: ServerProcess = {
      name,
      url: `http://127.0.0.1:${port}`,
      port,
      child,
      output: () => output,
      exited,
      kill: (signal) => {
        child.kill(signal);
        return exited;
      },
    };
    this.processes.add(server);
    void exited.then(() => this.processes.delete(server));
    await waitUntilHealthy(server);
    return server;
  }

  /** Stops whatever still runs, drops the database and the Redis keys. */
  async destroy(): Promise<void> {
    await Promise.all([...this.processes].map((server) => server.kill('SIGKILL')));
    await (await this.mysql)?.drop();
    if (REDIS_URL) {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${this.prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function waitUntilHealthy(server: ServerProcess): Promise<void> {
  const outcome = await startOutcome(server.url, server.child, START_TIMEOUT_MS);
  if (outcome === 'exited') throw new Error(`${server.name} exited at start:\n${server.output()}`);
  if (outcome === 'timed out') throw new Error(`${server.name} did not become healthy in time:\n${server.output()}`);
}
