/**
 * WORKERS=2: one port, two worker processes behind @socket.io/sticky. Long-polling only works when
 * every request of a session reaches the worker holding it; upgrades to websocket likewise.
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import type { Message } from '../../src/shared';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { connectAs, ok, waitFor, type ClientSocket } from '../support/sockets';
import { Deployment, REDIS_URL, skipWithoutServices, type ServerProcess } from './support';

describe('WORKERS=2: two workers on one port with sticky sessions', function () {
  this.timeout(30_000);
  const deployment = new Deployment({ WORKERS: '2', CLUSTER_HEARTBEAT_MS: '500', CLUSTER_DEAD_AFTER_MS: '2000' });
  const sockets: ClientSocket[] = [];
  let server: ServerProcess;

  before(async function () {
    skipWithoutServices(this);
    this.timeout(60_000);
    server = await deployment.start('cluster');
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await deployment.destroy();
  });

  /** Which processes hold sockets now, from shared presence. */
  async function processesHoldingSockets(): Promise<Set<string>> {
    const redis = new Redis(REDIS_URL ?? '');
    try {
      const keys = await redis.keys(`${deployment.prefix}presence:user:*`);
      const owners = await Promise.all(keys.map((key) => redis.hvals(key)));
      return new Set(owners.flat());
    } finally {
      await redis.quit();
    }
  }

  it('serves polling, upgrading and websocket-only clients spread over both workers', async () => {
    type Transport = 'polling' | 'websocket';
    const clients: { name: string; transports: Transport[] }[] = [
      { name: 'polly', transports: ['polling'] },
      { name: 'upton', transports: ['polling', 'websocket'] },
      { name: 'webb', transports: ['websocket'] },
      { name: 'wanda', transports: ['polling', 'websocket'] },
    ];
    const users: SignedIn[] = [];
    for (const { name, transports } of clients) {
      const user = await signUp(server.url, { username: uniqueName(name) });
      users.push(user);
      sockets.push(await connectAs(server.url, user.cookie, { transports }));
    }
    const [polly, upton, webb, wanda] = users.map((user) => user.username);
    const [pollingOnly, upgrading, websocketOnly, another] = sockets;
    if (!pollingOnly || !upgrading || !websocketOnly || !another) throw new Error('sockets missing');

    // Many round trips each: a polling request routed to the wrong worker would end the session.
    for (let n = 0; n < 10; n++) await Promise.all(sockets.map((socket) => ok(socket, 'channels')));
    expect(pollingOnly.io.engine.transport.name).to.equal('polling');
    expect(upgrading.io.engine.transport.name).to.equal('websocket');
    expect((await processesHoldingSockets()).size).to.equal(2);

    const pairs: [ClientSocket, ClientSocket, string][] = [
      [pollingOnly, websocketOnly, webb ?? ''],
      [websocketOnly, pollingOnly, polly ?? ''],
      [upgrading, another, wanda ?? ''],
      [another, upgrading, upton ?? ''],
    ];
    for (const [from, to, username] of pairs) {
      const text = `to ${username}`;
      const received = waitFor(to, 'chatMessage', (message: Message) => message.text === text);
      await ok(from, 'chatMessage', { to: username, text });
      await received;
    }
    expect(sockets.every((socket) => socket.connected)).to.equal(true);
  });

  it('shuts its workers down gracefully on SIGTERM, leaving nobody online', async () => {
    const code = await server.kill('SIGTERM');
    expect(code).to.equal(0);
    expect(await processesHoldingSockets()).to.deep.equal(new Set());
    const redis = new Redis(REDIS_URL ?? '');
    try {
      expect(await redis.scard(`${deployment.prefix}presence:online`)).to.equal(0);
      expect(await redis.zcard(`${deployment.prefix}presence:processes`)).to.equal(0);
    } finally {
      await redis.quit();
    }
  });
});
