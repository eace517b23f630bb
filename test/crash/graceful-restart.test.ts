/**
 * A graceful restart (SIGTERM, then the server started again on the same address) with standard
 * socket.io-client clients: reconnection on, default delays, no code of ours. The server must end
 * their connections without telling them not to reconnect ("io server disconnect"), so they come
 * back by themselves and work as before. Runs in whichever mode the environment picks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { io } from 'socket.io-client';
import { signUp, type SignedIn } from '../support/http';
import { ok, waitFor, type ClientSocket } from '../support/sockets';
import { within } from '../support/waiting';
import { freePort, startServer, uniqueRedisPrefix, type ServerProcess } from './server-process';

type Standard = { socket: ClientSocket; reasons: string[]; connects: number };

/** A plain client: only the session cookie and, for one of them, the transports are set. */
function standardClient(url: string, cookie: string, transports?: ('polling' | 'websocket')[]): Standard {
  const socket: ClientSocket = io(url, { extraHeaders: { cookie }, forceNew: true, ...(transports ? { transports } : {}) });
  const client: Standard = { socket, reasons: [], connects: 0 };
  socket.on('disconnect', (reason) => client.reasons.push(reason));
  socket.on('connect', () => (client.connects += 1));
  return client;
}

const connected = (client: Standard, count: number) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (client.connects < count) return;
      client.socket.off('connect', check);
      resolve();
    };
    client.socket.on('connect', check);
    check();
  });

describe('A graceful restart with standard socket.io-client clients', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chat-graceful-'));
  const logFile = path.join(dataDir, 'server.log');
  const redisPrefix = uniqueRedisPrefix();
  let port: number;
  let server: ServerProcess | undefined;
  const clients: Standard[] = [];

  before(async () => {
    port = await freePort();
    server = await startServer({ port, dataDir, logFile, redisPrefix });
  });

  after(async () => {
    for (const client of clients) client.socket.close();
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reconnects by itself, on websocket and on long-polling, and works as before', async () => {
    if (!server) throw new Error('no server');
    const alice: SignedIn = await signUp(server.url);
    const bob: SignedIn = await signUp(server.url);
    const onWebsocket = standardClient(server.url, alice.cookie);
    const onPolling = standardClient(server.url, bob.cookie, ['polling']);
    clients.push(onWebsocket, onPolling);
    const upgraded = new Promise<void>((resolve) => onWebsocket.socket.io.engine.once('upgrade', () => resolve()));
    await within(20_000, 'the first connections', Promise.all([connected(onWebsocket, 1), connected(onPolling, 1)]));
    await within(20_000, 'the upgrade to websocket', upgraded);

    expect(await server.terminate(), 'the exit code of the graceful shutdown').to.equal(0);
    for (const client of [onWebsocket, onPolling]) {
      // Not "io server disconnect", which tells a client not to reconnect. "transport error": a
      // long-polling client without keep-alive, between two polls, finds the server no longer listening.
      expect(client.reasons).to.have.length(1);
      expect(['transport close', 'transport error']).to.include(client.reasons[0]);
      expect(client.socket.active, 'the client is reconnecting by itself').to.equal(true);
    }

    // Listened for before the start: the clients may be back before /healthz answers.
    const backUsers = waitFor(onPolling.socket, 'updateUsers', () => true, 90_000);
    server = await startServer({ port, dataDir, logFile, redisPrefix });
    await within(60_000, 'both clients reconnecting', Promise.all([connected(onWebsocket, 2), connected(onPolling, 2)]));
    expect((await backUsers).map((user) => user.username)).to.include(bob.username);
    const heard = waitFor(onPolling.socket, 'chatMessage', (message) => message.text === 'after the restart', 10_000);
    await ok(onWebsocket.socket, 'chatMessage', { to: bob.username, text: 'after the restart' });
    expect((await heard).from).to.equal(alice.username);
  });
});
