/**
 * Redis commands per chat message, and how long the message limiter's one takes: `tsx
 * bench/redis-calls-probe.ts [mysql://…] [redis://…/db]`. Runs the real composition in services
 * mode, sends messages between two signed-in users (first not typing, then typing before each), and
 * counts with MONITOR the commands this app's prefix sent while they went through.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { io as connect } from 'socket.io-client';
import { assemble } from '../src/assemble';
import { loadConfig } from '../src/config';
import { listen } from '../src/listen';
import { createStores } from '../src/store';
import { signUp } from './lib/accounts';

const mysqlUrl = process.argv[2] ?? 'mysql://root@127.0.0.1:3306/chat_bench';
const redisUrl = process.argv[3] ?? 'redis://127.0.0.1:6379/5';
const MESSAGES = 200;
const prefix = `probe:${randomUUID().slice(0, 8)}:`;

const config = loadConfig({
  NODE_ENV: 'test',
  BCRYPT_ROUNDS: '4',
  LOG_LEVEL: 'silent',
  SESSION_SECRET: 'probe-secret-probe-secret',
  MESSAGE_RATE: '100000',
  MESSAGE_BURST: '100000',
  MYSQL_URL: mysqlUrl,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: prefix,
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'redis-probe-')),
});
const logger = pino({ level: 'silent' });
const stores = await createStores({
  mysqlUrl,
  redisUrl,
  dataDir: config.dataDir,
  redisPrefix: prefix,
  processId: randomUUID(),
  logger,
});
const { engine, app } = assemble(config, logger, stores);
await listen(app.httpServer, 0, '127.0.0.1');
const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`; // TCP: an AddressInfo

const [alice, bob] = [await signUp(url, `probe_a_${prefix.slice(6, 14)}`), await signUp(url, `probe_b_${prefix.slice(6, 14)}`)];
const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: alice } });
const other = connect(url, { transports: ['websocket'], extraHeaders: { cookie: bob } });
await Promise.all([socket, other].map((s) => new Promise((resolve) => s.once('updateUsers', resolve))));
const history = (await socket.emitWithAck('chatHistory', { with: `probe_b_${prefix.slice(6, 14)}` })) as {
  channel: { id: string };
};
const channelId = history.channel.id;

const monitor = await new Redis(redisUrl).monitor();
const database = Number(new URL(redisUrl).pathname.slice(1) || 0);
async function count(label: string, send: (i: number) => Promise<unknown>): Promise<void> {
  const commands = new Map<string, number>();
  // Commands a Lua script runs show with the source `lua`: only the others are round trips.
  const listener = (_time: string, args: string[], source: string, db: string) => {
    if (source === 'lua' || Number(db) !== database || !args.some((arg) => arg.includes(prefix))) return;
    const name = args[0]?.toLowerCase() ?? '?';
    commands.set(name, (commands.get(name) ?? 0) + 1);
  };
  monitor.on('monitor', listener);
  for (let i = 0; i < MESSAGES; i++) await send(i);
  await new Promise((resolve) => setTimeout(resolve, 300));
  monitor.off('monitor', listener);
  const total = [...commands.values()].reduce((a, b) => a + b, 0);
  const each = [...commands].map(([name, n]) => `${name} ${(n / MESSAGES).toFixed(2)}`).join(', ');
  console.log(`${label}: ${(total / MESSAGES).toFixed(2)} round trips per message (${each})`);
}

const message = (i: number) => socket.emitWithAck('chatMessage', { channelId, text: `probe ${i}` });
await count('not typing', message);
// The typing allowance (30 in 5 s) refuses most of these notices: only the accepted ones start a notice.
await count('typing before each', async (i) => {
  await socket.emitWithAck('typing', { channelId });
  await message(i);
});

// The limiter's call alone, sequential: the wait one message's ack spends on it.
const client = new Redis(redisUrl);
const limiter = new RateLimiterRedis({ storeClient: client, keyPrefix: `${prefix}limit:probe`, points: 1e9, duration: 1 });
const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  const started = performance.now();
  await limiter.consume('someone');
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const at = (q: number) => (times[Math.floor(q * (times.length - 1))] ?? NaN).toFixed(3);
console.log(`limiter consume, 2,000 sequential: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms`);

socket.close();
other.close();
monitor.disconnect();
client.disconnect();
const keys = await stores.redis?.keys(`${prefix}*`);
if (keys?.length) await stores.redis?.del(...keys);
await app.close();
await engine.close();
await stores.close();
