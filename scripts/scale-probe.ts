/**
 * The figures behind docs/scaling.md that the benchmark does not measure. Loopback only, bounded.
 *   tsx scripts/scale-probe.ts presence [users]   Redis memory per online user, sweep and SMEMBERS cost
 *   tsx scripts/scale-probe.ts fanout [sockets]   server CPU per socket for one io.emit to everyone
 *   tsx scripts/scale-probe.ts cross              delivery latency, same process vs through the Redis adapter
 * REDIS_URL defaults to redis://127.0.0.1:6379; keys live under a random prefix and are deleted.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { RedisPresenceStore } from '../src/store/redis/presence-store';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const [command = 'presence', size] = process.argv.slice(2);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN;
const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function presence(users: number): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const prefix = `probe:${randomUUID()}:`;
  try {
    const dead = new RedisPresenceStore(redis, prefix, `dead-${randomUUID()}`);
    await dead.heartbeat();
    const before = await usedMemory(redis);
    let started = Date.now();
    for (let i = 0; i < users; i += 1000) {
      await Promise.all(
        Array.from({ length: Math.min(1000, users - i) }, (_, k) =>
          dead.addSocket(String(1_000_000 + i + k), `socket-${i + k}-abcdefgh`),
        ),
      );
    }
    const addMs = Date.now() - started;
    const bytes = ((await usedMemory(redis)) - before) / users;
    started = performance.now();
    const members = await redis.smembers(`${prefix}presence:online`);
    const smembersMs = performance.now() - started;
    await sleep(50);
    const sweeper = new RedisPresenceStore(redis, prefix, 'sweeper');
    await sweeper.heartbeat();
    started = performance.now();
    let gone = 0;
    let calls = 0;
    while (gone < users && calls < 1000) {
      gone += (await sweeper.sweep(10)).length;
      calls += 1;
    }
    const sweepMs = performance.now() - started;
    console.log(
      `${users} online users, 1 socket each: ${bytes.toFixed(0)} bytes of Redis memory per user; added at ${((users / addMs) * 1000).toFixed(0)}/s (1,000 in flight)`,
    );
    console.log(`SMEMBERS of the online set (${members.length}): ${smembersMs.toFixed(1)} ms`);
    console.log(
      `sweeping a dead process holding them: ${sweepMs.toFixed(0)} ms in ${Math.ceil(users / 200)} script runs of 200 users, ${(sweepMs / Math.ceil(users / 200)).toFixed(2)} ms each (Redis blocked per run at most that); ${gone} reported`,
    );
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

async function listen(io: Server): Promise<string> {
  const http = createServer();
  io.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`; // listening on TCP: an AddressInfo
}

async function openSockets(url: string, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from({ length: Math.min(200, count - i) }, () =>
      connect(url, { transports: ['websocket'], forceNew: true, reconnection: false }),
    );
    await Promise.all(batch.map((socket) => new Promise((resolve) => socket.once('connect', () => resolve(undefined)))));
    sockets.push(...batch);
  }
  return sockets;
}

/** Clients in this process too: the server's share is measured apart from theirs by timing the emit loop alone. */
async function fanout(count: number): Promise<void> {
  const io = new Server();
  const url = await listen(io);
  const sockets = await openSockets(url, count);
  const user = { username: 'someone_with_a_name', online: true };
  const rounds = 50;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) io.emit('userStatus', user);
  const emitMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await sleep(2000);
  const perSocketUs = (emitMs * 1000) / (rounds * count);
  console.log(
    `io.emit to ${count} websocket sockets: ${(emitMs / rounds).toFixed(2)} ms of server time per broadcast, ${perSocketUs.toFixed(2)} µs per socket (CPU ${((used.user + used.system) / 1000 / rounds).toFixed(2)} ms per broadcast)`,
  );
  for (const socket of sockets) socket.close();
  void io.close(); // not awaited, as before: the process exits once the run returns
}

async function cross(): Promise<void> {
  const prefix = `probe:${randomUUID()}:`;
  const clients = [new Redis(REDIS_URL), new Redis(REDIS_URL), new Redis(REDIS_URL), new Redis(REDIS_URL)] as const;
  const servers = [0, 1].map((n) =>
    new Server().adapter(createAdapter(clients[n * 2], clients[n * 2 + 1], { key: `${prefix}socket.io` })),
  );
  const [a, b] = servers;
  if (!a || !b) throw new Error('no servers');
  const [near] = await openSockets(await listen(a), 1);
  const [far] = await openSockets(await listen(b), 1);
  if (!near || !far) throw new Error('no sockets');
  a.on('connection', (socket) => void socket.join('near'));
  b.on('connection', (socket) => void socket.join('far'));
  await sleep(500);
  const latencies: Record<'near' | 'far', number[]> = { near: [], far: [] };
  near.on('probe', (sentAt: number) => latencies.near.push(performance.now() + performance.timeOrigin - sentAt));
  far.on('probe', (sentAt: number) => latencies.far.push(performance.now() + performance.timeOrigin - sentAt));
  // The sockets connected before the handlers above: join them now, through the adapter for the far one.
  a.in(near.id ?? '').socketsJoin('near');
  b.in(far.id ?? '').socketsJoin('far');
  await sleep(200);
  for (let i = 0; i < 2000; i++) {
    a.to(i % 2 ? 'near' : 'far').emit('probe', performance.now() + performance.timeOrigin);
    if (i % 20 === 19) await sleep(10);
  }
  await sleep(1000);
  for (const [name, values] of Object.entries(latencies)) {
    console.log(
      `${name === 'near' ? 'same process      ' : 'through Redis (B)'}: ${values.length} deliveries, p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`,
    );
  }
  near.close();
  far.close();
  for (const server of servers) void server.close(); // likewise
  await Promise.allSettled(clients.map((client) => client.quit()));
}

const run = { presence: () => presence(Number(size ?? 100_000)), fanout: () => fanout(Number(size ?? 2000)), cross }[command];
if (!run) {
  console.error('usage: tsx scripts/scale-probe.ts presence [users] | fanout [sockets] | cross');
  process.exit(2);
}
await run();
process.exit(0);
