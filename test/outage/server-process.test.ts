/**
 * The same outages against the real server process (`src/main.ts`), not the in-process test app:
 * Node ends a process on an unhandled rejection, which mocha would have caught and hidden. The
 * process must live through the outage, keep its connected sockets, and recover by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Message } from '../../src/shared';
import { freePort, startServer, type ServerProcess } from '../crash/server-process';
import type { TcpProxy } from '../support/tcp-proxy';
import { signUp, type SignedIn } from '../support/http';
import { connectAs, ok, request, sleep, waitFor, type ClientSocket } from '../support/sockets';
import { within } from '../support/waiting';
import { BACKEND_URL, RECONNECTABLE, proxyBackend, waitHealthy, type Backend } from './support';

for (const backend of ['redis', 'mysql'] as const satisfies readonly Backend[]) {
  describe(`The server process with ${backend} cut and restored`, function () {
    this.timeout(120_000);
    const dataDir = mkdtempSync(path.join(tmpdir(), `chat-outage-${backend}-`));
    let proxy: TcpProxy;
    let server: ServerProcess;
    let alice: SignedIn;
    let bob: SignedIn;
    let aliceSocket: ClientSocket;
    let bobSocket: ClientSocket;

    before(async function () {
      if (!BACKEND_URL[backend]) return this.skip(); // services mode only
      const through = await proxyBackend(backend);
      proxy = through.proxy;
      server = await startServer({
        port: await freePort(),
        dataDir,
        logFile: path.join(dataDir, 'server.log'),
        env: through.env,
      });
      [alice, bob] = [await signUp(server.url), await signUp(server.url)];
      aliceSocket = await connectAs(server.url, alice.cookie);
      bobSocket = await connectAs(server.url, bob.cookie);
    });

    after(async () => {
      aliceSocket?.close();
      bobSocket?.close();
      proxy?.restore();
      await server?.kill();
      await proxy?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('lives through the outage, with its sockets connected, answering by the contract', async () => {
      proxy.cut();
      for (let i = 0; i < 3; i++) {
        const text = `during the ${backend} outage ${i}`;
        const heard = waitFor(bobSocket, 'chatMessage', (message: Message) => message.text === text, 10_000).then(
          () => true,
          () => false,
        );
        const response = await request(aliceSocket, 'chatMessage', { to: null, text, clientId: `${backend}-${i}` });
        if (backend === 'mysql') {
          expect(response.ok === false && response.error.code, text).to.equal('unavailable');
        } else {
          expect(response.ok, text).to.equal(true);
          expect(await heard, `${text} reached bob`).to.equal(true);
        }
        await sleep(300);
      }
      expect(server.child.exitCode, 'the process is still running').to.equal(null);
      expect(aliceSocket.connected && bobSocket.connected, 'sockets still connected').to.equal(true);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).to.equal(503);
    });

    it('works again once it is back, without a restart', async () => {
      // Back from a Redis outage the process ends its sockets, so clients catch up on what other
      // processes broadcast meanwhile (test/outage/subscriber-loss.test.ts): bob reconnects.
      const ended = new Promise<string>((resolve) => bobSocket.once('disconnect', resolve));
      proxy.restore();
      await waitHealthy(server);
      if (backend === 'redis') {
        expect(await within(20_000, "bob's socket being ended", ended)).to.be.oneOf(RECONNECTABLE);
        bobSocket = await connectAs(server.url, bob.cookie);
      }
      const again = await connectAs(server.url, alice.cookie);
      const heard = waitFor(bobSocket, 'chatMessage', (message: Message) => message.text === `${backend} is back`);
      await ok(again, 'chatMessage', { to: null, text: `${backend} is back` });
      await heard;
      again.close();
      await signUp(server.url);
      expect(server.child.exitCode).to.equal(null);
    });
  });
}
