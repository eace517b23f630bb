/**
 * What an idle socket keeps alive, by constructor: starts the relay or the server (as scenario (b)
 * does), writes a V8 heap snapshot with no sockets and another with N idle authenticated sockets,
 * and prints the objects that grew between them, per socket. Snapshots go to --dir (default
 * /tmp/heap-probe), never into the tree; they are large (about 100 MB per 1,000 sockets).
 *
 *   npx tsx bench/heap-probe.ts --target relay|embedded|services [--users 200] [--tabs 10] [--top 40]
 *
 * Services mode uses BENCH_MYSQL_URL and BENCH_REDIS_URL as the bench does (dropped, flushed).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchNames, signUpAll } from './lib/accounts';
import { Generator } from './lib/generator';
import { collectMemory, startRelay, startServer, type Target } from './lib/processes';
import type { Client } from './lib/protocol';
import { resetServices } from './lib/services';
import { connectIdle } from './scenarios/idle';
import { diffSnapshots, summarize } from './lib/heap-summary';

const SNAPSHOT_SIGNAL = 'SIGPWR';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'embedded' },
    users: { type: 'string', default: '200' },
    tabs: { type: 'string', default: '10' },
    top: { type: 'string', default: '40' },
    dir: { type: 'string', default: '/tmp/heap-probe' },
    'memory-only': { type: 'boolean', default: false },
  },
});
const target = values.target;
const users = Number(values.users);
const tabs = Number(values.tabs);
const dir = path.resolve(values.dir);
mkdirSync(dir, { recursive: true });
// Inherited by the target (and, harmlessly, the generator workers, which are never signalled).
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=${SNAPSHOT_SIGNAL} --diagnostic-dir=${dir}`;

async function snapshot(pid: number): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, SNAPSHOT_SIGNAL);
  for (let i = 0; i < 1200; i++) {
    await sleep(250);
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot') && !before.has(name));
    if (!file) continue;
    const full = path.join(dir, file);
    const size = statSync(full).size;
    await sleep(1000);
    if (statSync(full).size === size && size > 0) return full;
  }
  throw new Error('no heap snapshot within 5 minutes');
}

/** process.memoryUsage() after a full GC, before and after, per socket: where RSS goes besides the heap. */
function printMemory(before: NodeJS.MemoryUsage | undefined, after: NodeJS.MemoryUsage | undefined, sockets: number): void {
  if (!before || !after) return;
  const keys = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const;
  const cells = keys.map((key) => `${key} ${((after[key] - before[key]) / sockets / 1024).toFixed(2)} KB`);
  console.log(`per socket: ${cells.join(', ')}`);
  type Spaces = Record<string, { size: number; used: number }>;
  // bench-hook.mjs adds V8's heap spaces to process.memoryUsage()
  const [from, to] = [before, after].map((usage) => (usage as NodeJS.MemoryUsage & { spaces?: Spaces }).spaces ?? {});
  for (const [name, space] of Object.entries(to ?? {})) {
    const old = from?.[name] ?? { size: 0, used: 0 };
    const kb = (bytes: number) => (bytes / sockets / 1024).toFixed(2);
    console.log(`  ${name.padEnd(24)} size ${kb(space.size - old.size)} KB, used ${kb(space.used - old.used)} KB per socket`);
  }
}

async function main(): Promise<void> {
  const names = benchNames(`hp${Date.now().toString(36).slice(-5)}`, users);
  const logFile = path.join(dir, `${target}.log`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'heap-probe-'));
  const mysqlUrl = process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306/chat_bench';
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/5';
  let server: Target;
  let clients: Client[];
  if (target === 'relay') {
    server = await startRelay(logFile);
    clients = names.map((username) => ({ username }));
  } else if (target === 'embedded' || target === 'services') {
    if (target === 'services') await resetServices(mysqlUrl, redisUrl);
    server = await startServer({
      mode: target,
      dataDir,
      ...(target === 'services' ? { mysqlUrl, redisUrl } : {}),
      env: { NODE_ENV: 'test', BCRYPT_ROUNDS: '4', SESSION_SECRET: 'bench-only-session-secret-not-for-production' },
      logFile,
    });
    clients = await signUpAll(server.url, names);
  } else throw new Error(`--target relay|embedded|services, not ${target}`);
  const gen = Generator.start(2);
  try {
    await sleep(1000);
    const emptyMemory = await collectMemory(server.pid);
    const empty = values['memory-only'] ? '' : await snapshot(server.pid);
    const results = await connectIdle(gen, server.url, clients, tabs);
    const connected = results.reduce((sum, r) => sum + r.connected, 0);
    await sleep(2000);
    const loadedMemory = await collectMemory(server.pid);
    printMemory(emptyMemory, loadedMemory, connected);
    const loaded = values['memory-only'] ? '' : await snapshot(server.pid);
    await gen.all(() => ({ type: 'close' as const }));
    if (!loaded) return;
    console.log(`${target}: ${connected} sockets; snapshots ${empty} and ${loaded}`);
    const diff = diffSnapshots(summarize(empty), summarize(loaded));
    const total = diff.reduce((sum, row) => sum + row.size, 0);
    console.log(`grown: ${(total / connected / 1024).toFixed(2)} KB per socket`);
    console.log('bytes/socket  count/socket  type:name');
    for (const row of diff.slice(0, Number(values.top)))
      console.log(
        `${(row.size / connected).toFixed(0).padStart(12)}  ${(row.count / connected).toFixed(2).padStart(12)}  ${row.key}`,
      );
  } finally {
    await gen.close();
    await server.stop();
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
