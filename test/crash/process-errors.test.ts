/**
 * The real server process on an unhandled rejection or an uncaught exception: it logs a fatal line
 * (pino) and exits non-zero, so a supervisor starts a clean one.
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort, startServer } from './server-process';

const PLANT = path.join(import.meta.dirname, 'plant-failure.mjs');

describe('Server process on an unhandled error', function () {
  this.timeout(90_000);
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'chat-process-errors-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  for (const [plant, message] of [
    ['rejection', 'unhandled promise rejection; exiting'],
    ['exception', 'uncaught exception; exiting'],
  ] as const) {
    it(`logs the ${plant} as fatal and exits with code 1`, async () => {
      const logFile = path.join(dataDir, 'server.log');
      const server = await startServer({
        port: await freePort(),
        dataDir,
        logFile,
        env: { NODE_OPTIONS: `--import ${PLANT}`, PLANT: plant },
      });
      try {
        const exited = once(server.child, 'exit');
        server.child.kill('SIGUSR2');
        const [code] = await exited;
        expect(code).to.equal(1);
        const fatal = readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string } })
          .find((entry) => entry.level === 60);
        expect(fatal?.msg).to.equal(message);
        expect(fatal?.err?.message).to.equal(`planted ${plant}`);
      } finally {
        await server.kill();
      }
    });
  }
});
