/**
 * `npm start` as an operator runs it: it builds, then serves the compiled server (dist/main.js, no
 * tsx); and SIGTERM sent to npm's own pid stops the server too, leaving no node process behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort } from '../support/ports';
import { eventually, within } from '../support/waiting';

const ROOT = path.resolve(import.meta.dirname, '../..');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', function () {
  this.timeout(90_000);
  let dataDir: string;

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'chat-npm-start-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves from dist/main.js and stops, server included, on SIGTERM to npm', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        MYSQL_URL: '',
        REDIS_URL: '',
        WORKERS: '1',
        LOG_LEVEL: 'info',
        SESSION_SECRET: 'npm-start-test-secret-npm-start-test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    let serverPid: number | undefined;
    try {
      await eventually(
        () =>
          fetch(`http://127.0.0.1:${port}/healthz`).then(
            (response) => response.status,
            () => 0,
          ),
        (status) => status === 200 || npm.exitCode !== null,
        { timeoutMs: 60_000, what: '/healthz' },
      );
      expect(npm.exitCode, output).to.equal(null);
      const listening = output.split('\n').find((line) => line.includes('chat listening'));
      expect(listening, output).to.be.a('string');
      serverPid = (JSON.parse(listening ?? '{}') as { pid: number }).pid;
      expect(serverPid).to.be.a('number').and.not.equal(npm.pid);
      if (existsSync(`/proc/${serverPid}/cmdline`)) {
        const command = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0');
        expect(command.slice(1).filter((arg) => arg !== '' && !arg.startsWith('--'))).to.deep.equal(['dist/main.js']);
      }

      npm.kill('SIGTERM');
      await within(15_000, 'npm exiting after SIGTERM', npmExited);
      await eventually(
        async () => isAlive(serverPid ?? 0),
        (alive) => !alive,
        { timeoutMs: 15_000, what: 'the server process to exit' },
      );
    } finally {
      npm.kill('SIGKILL');
      if (serverPid !== undefined && isAlive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  });
});
