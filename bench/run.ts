/**
 * `npm run bench`: the chat server against a bare Socket.IO relay, in one run, on this machine.
 * Starts the relay and the server (embedded, and MySQL + Redis) as child processes on loopback
 * ports, drives them from generator worker processes, prints a table with every figure's ratio to
 * the relay, and writes JSON under bench/results/ plus a Markdown summary and an SVG chart.
 * Every loop is bounded by a count or a deadline; nothing leaves 127.0.0.1.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { benchNames, signUpAll, type BenchUser } from './lib/accounts';
import { connectPairs } from './lib/fleet';
import { Generator } from './lib/generator';
import { parseOptions, SCENARIOS, type Mode, type Options, type Scenario } from './lib/options';
import { pidsNamed, raisePriority, startRelay, startServer, type ServerOptions, type Target } from './lib/processes';
import type { Client } from './lib/protocol';
import { resetServices } from './lib/services';
import { renderChart } from './report/chart';
import { renderMarkdown } from './report/markdown';
import type { Machine, RunResults, TargetResults } from './report/results';
import { buildRows, terminalTable } from './report/summary';
import { measureBroadcast } from './scenarios/broadcast';
import { channelWith, measurePages, openSocket, type HistoryResult } from './scenarios/history';
import { idleSockets } from './scenarios/idle';
import { measureSearches } from './scenarios/search';
import { findKnee } from './scenarios/knee';
import { loginsDuringChat } from './scenarios/logins';
import { restartStorm } from './scenarios/restart';
import { connectStorm } from './scenarios/storm';
import { seedChannel } from './lib/seed';
import { compareWithPlain } from './report/compare';
import { capacityMarkdown, capacityTables } from './report/capacity';
import { runCapacity } from './scenarios/capacity';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench/results');
const DOCS = path.join(ROOT, 'docs/bench');
/** Every bench server signs cookies with this, so sessions survive the restarts between scenarios. */
const SESSION_SECRET = 'bench-only-session-secret-not-for-production';
/** Sign-ups are set-up, not measurement: bcrypt at its test cost (NODE_ENV=test allows it). */
const SETUP_ENV = { NODE_ENV: 'test', BCRYPT_ROUNDS: '4', SESSION_SECRET };
/** Scenario (f) when (a) has not given a knee in this run. */
const FALLBACK_CHAT_RATE = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function machineInfo(options: Options): Promise<Machine> {
  const machine: Machine = {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
  if (options.modes.includes('services')) {
    try {
      const connection = await createConnection({ uri: options.mysqlUrl.replace(/\/[^/]*$/, '/') });
      const [rows] = await connection.query('select version() as v');
      machine.mariadb = String((rows as { v: string }[])[0]?.v ?? '');
      await connection.end();
      const redis = new Redis(options.redisUrl);
      machine.redis = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];
      redis.disconnect();
    } catch (error) {
      log(`could not read the services' versions: ${String(error)}`);
    }
  }
  return machine;
}

type Context = { options: Options; gen: Generator; logFile: (name: string) => string; stamp: string };

const relayClients = (names: readonly string[]): Client[] => names.map((username) => ({ username }));
const has = (options: Options, ...wanted: Scenario[]) => wanted.some((s) => options.scenarios.includes(s));

async function attempt(results: TargetResults, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    results.errors.push(message);
    log(`ERROR ${message}`);
  }
}

async function benchRelay(ctx: Context, names: readonly string[]): Promise<TargetResults> {
  const { options, gen } = ctx;
  const sizes = options.sizes;
  const results: TargetResults = { errors: [] };
  if (has(options, 'a', 'c', 'd', 'e')) {
    const relay = await startRelay(ctx.logFile('relay'));
    try {
      if (has(options, 'a', 'e')) {
        const fleet = await connectPairs(gen, relay, relayClients(names));
        log(
          `relay: ${fleet.size} sockets connected in ${(fleet.timing.connectMs / 1000).toFixed(1)} s, paired in ${(fleet.timing.pairMs / 1000).toFixed(1)} s`,
        );
        if (has(options, 'a')) {
          log('(a) relay: knee');
          await attempt(results, '(a)', async () => void (results.knee = await findKnee(fleet, sizes, [], log)));
        }
        if (has(options, 'e'))
          await attempt(results, '(e)', async () => void (results.broadcast = await measureBroadcast(fleet, sizes.broadcasts)));
        await gen.all(() => ({ type: 'close' as const }));
        await sleep(500);
      }
      if (has(options, 'd')) {
        log('(d) relay: connect storm');
        await attempt(results, '(d)', async () => void (results.storm = await connectStorm(gen, relay, relayClients(names))));
      }
      if (has(options, 'c')) {
        await attempt(results, '(c)', async () => {
          const readers = [await openSocket(relay.url, 'reader1'), await openSocket(relay.url, 'reader2')];
          const page = await measurePages(
            readers,
            'x',
            { firstId: 1, lastId: 1000, size: 0 },
            sizes.historyRequests,
            sizes.historyLimit,
            sizes.historyMaxMs,
          );
          for (const reader of readers) reader.close();
          results.history = [page];
        });
      }
    } finally {
      await relay.stop();
    }
  }
  if (has(options, 'b')) {
    log(`(b) relay: ${names.length * sizes.idleTabs} idle sockets`);
    const relay = await startRelay(ctx.logFile('relay-idle'));
    try {
      await attempt(
        results,
        '(b)',
        async () => void (results.idle = await idleSockets(gen, relay, relayClients(names), sizes.idleTabs)),
      );
    } finally {
      await relay.stop();
    }
  }
  return results;
}

async function benchMode(ctx: Context, mode: Mode, names: readonly string[], dataRoot: string): Promise<TargetResults> {
  const { options, gen } = ctx;
  const sizes = options.sizes;
  const results: TargetResults = { errors: [] };
  const dataDir = path.join(dataRoot, mode);
  if (mode === 'services') await resetServices(options.mysqlUrl, options.redisUrl);
  const backend = mode === 'services' ? { mysqlUrl: options.mysqlUrl, redisUrl: options.redisUrl } : {};
  const servicePids = mode === 'services' ? pidsNamed(['mariadbd', 'mysqld', 'redis-server']) : [];
  const profiling = (name: string): Record<string, string> => ({ BENCH_PROFILE_NAME: `${ctx.stamp}-${mode}-${name}` });
  const start = (name: string, env: Record<string, string> = SETUP_ENV, more: Partial<ServerOptions> = {}) =>
    startServer({
      mode,
      dataDir,
      ...backend,
      env: { ...env, ...profiling(name) },
      logFile: ctx.logFile(`${mode}-${name}`),
      ...more,
    });
  /** Sockets go first, so presence is clean in Redis before the process does. */
  const stop = async (server: Target) => {
    await gen.all(() => ({ type: 'close' as const }));
    await sleep(300);
    await server.stop();
  };

  let server = await start('main');
  let users: BenchUser[] = [];
  try {
    const signUpStarted = performance.now();
    users = await signUpAll(server.url, names);
    results.signUp = { users: users.length, ms: performance.now() - signUpStarted };
    log(`${mode}: ${users.length} users signed up in ${(results.signUp.ms / 1000).toFixed(1)} s`);
    if (has(options, 'a', 'e', 'g')) {
      const fleet = await connectPairs(gen, server, users);
      log(
        `${mode}: ${fleet.size} sockets connected in ${(fleet.timing.connectMs / 1000).toFixed(1)} s, paired in ${(fleet.timing.pairMs / 1000).toFixed(1)} s`,
      );
      if (has(options, 'a')) {
        log(`(a) ${mode}: knee`);
        const profile = options.profile ? () => process.kill(server.pid, 'SIGUSR2') : undefined;
        await attempt(
          results,
          '(a)',
          async () => void (results.knee = await findKnee(fleet, sizes, servicePids, log, { toggleProfile: profile })),
        );
        if (options.profile) log(`profile of the knee steps: bench/results/profiles/${ctx.stamp}-${mode}-main-1.cpuprofile`);
      }
      if (has(options, 'g')) {
        // Right after (a), on the same server and sockets: the plain figure of the same run.
        log(`(g) ${mode}: knee with ${Math.round(sizes.actionShare * 100)} % reactions and edits`);
        await attempt(
          results,
          '(g)',
          async () =>
            void (results.kneeActions = await findKnee(fleet, sizes, servicePids, log, { actionShare: sizes.actionShare })),
        );
      }
      if (has(options, 'e')) {
        log(`(e) ${mode}: broadcast`);
        await attempt(results, '(e)', async () => void (results.broadcast = await measureBroadcast(fleet, sizes.broadcasts)));
      }
      await gen.all(() => ({ type: 'close' as const }));
    }
    if (has(options, 'd')) {
      await sleep(2500); // everyone offline: the presence grace has passed
      log(`(d) ${mode}: connect storm`);
      await attempt(results, '(d)', async () => void (results.storm = await connectStorm(gen, server, users)));
    }
    /** (c), or (h) when `rich`: a fresh pair per channel size, seeded in bulk, then pages read. */
    const history = async (rich: boolean) => {
      const pages: HistoryResult[] = [];
      const searches: Awaited<ReturnType<typeof measureSearches>>[] = [];
      const seeding: { size: number; ms: number; reactions?: number }[] = [];
      const tag = rich ? 'r' : 'h';
      const readers = await signUpAll(server.url, benchNames(`${names[0]?.split('_')[0]}${tag}`, 2 * sizes.historySizes.length));
      for (let i = 0; i < sizes.historySizes.length; i++) {
        const size = sizes.historySizes[i] ?? 0;
        const [reader, other] = [readers[2 * i], readers[2 * i + 1]];
        if (!reader || !other) continue;
        const socket = await openSocket(server.url, reader.username, reader.cookie);
        const channelId = await channelWith(socket, other.username);
        const seeded = await seedChannel(
          { mysqlUrl: backend.mysqlUrl, dataDir },
          channelId,
          [reader.username, other.username],
          size,
          { rich },
        );
        seeding.push(rich ? { size, ms: seeded.ms, reactions: seeded.reactions } : { size, ms: seeded.ms });
        log(
          `  seeded ${size} messages${rich ? ` with replies and ${seeded.reactions} reactions` : ''} in ${(seeded.ms / 1000).toFixed(1)} s`,
        );
        const otherSocket = await openSocket(server.url, other.username, other.cookie);
        pages.push(
          await measurePages(
            [socket, otherSocket],
            channelId,
            { ...seeded, size },
            sizes.historyRequests,
            sizes.historyLimit,
            sizes.historyMaxMs,
          ),
        );
        // Search is measured in the plain channels: (c) reports it beside history.
        if (!rich) searches.push(await measureSearches([socket, otherSocket], size, sizes.historyRequests, sizes.historyMaxMs));
        socket.close();
        otherSocket.close();
      }
      return { pages, seeding, searches };
    };
    if (has(options, 'c')) {
      log(`(c) ${mode}: history`);
      results.history = [];
      results.seeding = [];
      await attempt(results, '(c)', async () => {
        const { pages, seeding, searches } = await history(false);
        results.history = pages;
        results.seeding = seeding;
        results.search = searches;
      });
    }
    if (has(options, 'h')) {
      log(`(h) ${mode}: history with reactions and replies on every message`);
      await attempt(results, '(h)', async () => {
        const { pages, seeding } = await history(true);
        results.historyRich = pages;
        results.seedingRich = seeding;
      });
    }
  } finally {
    await stop(server);
  }

  if (has(options, 'b')) {
    log(`(b) ${mode}: ${users.length * sizes.idleTabs} idle sockets`);
    server = await start('idle');
    try {
      await attempt(results, '(b)', async () => void (results.idle = await idleSockets(gen, server, users, sizes.idleTabs)));
    } finally {
      await stop(server);
    }
  }

  if (has(options, 'restart')) {
    log(
      `(restart) ${mode}: ${users.length} users of one address, plain socket.io-client, default limits; SIGTERM and start again`,
    );
    await attempt(results, '(restart)', async () => {
      results.restart = await restartStorm({
        users,
        processes: options.workers,
        log,
        start: (port) => start('restart', SETUP_ENV, { port, defaultConnectionLimits: true }),
      });
      const { back, refused, returned } = results.restart;
      const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never');
      log(
        `  back (from the server answering): 50 % ${s(back.p50)}, 90 % ${s(back.p90)}, 100 % ${s(back.p100)}; ${returned} of ${users.length} back, ${refused} handshakes refused`,
      );
    });
  }

  if (has(options, 'f')) {
    const knee = results.knee?.knee;
    const rate = knee ? Math.max(100, Math.round(knee / 2 / 100) * 100) : FALLBACK_CHAT_RATE;
    log(`(f) ${mode}: logins at ${sizes.loginRate}/s (bcrypt cost ${sizes.loginBcryptRounds}) during chat at ${rate}/s`);
    const threads: Record<string, string> = sizes.loginThreads ? { UV_THREADPOOL_SIZE: String(sizes.loginThreads) } : {};
    server = await start('logins', {
      NODE_ENV: 'production',
      BCRYPT_ROUNDS: String(sizes.loginBcryptRounds),
      SESSION_SECRET,
      ...threads,
    });
    try {
      await attempt(results, '(f)', async () => {
        const loginUsers = await signUpAll(server.url, benchNames(`${names[0]?.split('_')[0]}l`, sizes.loginUsers), 4);
        const fleet = await connectPairs(gen, server, users);
        results.logins = await loginsDuringChat(fleet, rate, sizes, loginUsers, servicePids);
        if (!knee) results.errors.push(`(f) ran at ${rate}/s: no knee from (a) in this run`);
      });
    } finally {
      await stop(server);
    }
  }
  return results;
}

function writeReports(results: RunResults, options: Options, stamp: string, command: string): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, `${stamp}.json`), `${JSON.stringify(results, null, 1)}\n`);
  const defaultModes = options.quick ? 1 : 2;
  const complete = options.scenarios.length === SCENARIOS.length && options.modes.length >= defaultModes && !options.profile;
  const kind = options.quick ? 'quick' : 'full';
  const dir = complete ? DOCS : RESULTS;
  const base = complete ? `results-${kind}` : 'partial';
  mkdirSync(dir, { recursive: true });
  const chartFile = `${base}.svg`;
  const title = `Delivery latency against rate (${kind} run, ${results.machine.cpus} cores)`;
  writeFileSync(path.join(dir, chartFile), renderChart(results, title));
  writeFileSync(path.join(dir, `${base}.md`), renderMarkdown(results, buildRows(results), chartFile, command));
  log(`wrote bench/results/${stamp}.json, ${path.relative(ROOT, path.join(dir, base))}.md and .svg`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.niceness !== undefined) raisePriority(options.niceness);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const logs = path.join(RESULTS, 'logs');
  mkdirSync(logs, { recursive: true });
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'chat-bench-'));
  const ctx: Context = {
    options,
    gen: Generator.start(options.workers),
    logFile: (name) => path.join(logs, `${stamp}-${name}.log`),
    stamp,
  };
  const prefix = `b${stamp.slice(11, 19).replace(/-/g, '')}`;
  const names = benchNames(prefix, options.sizes.sockets);
  log(
    `${options.quick ? 'quick' : 'full'} run: scenarios ${options.scenarios.join(',')}, modes ${options.modes.join(',')}, ${options.workers} generator workers`,
  );
  const results: RunResults = {
    startedAt: new Date().toISOString(),
    durationMs: 0,
    options,
    machine: await machineInfo(options),
    relay: { errors: [] },
  };
  const classic = options.scenarios.some((scenario) => scenario !== 'capacity');
  try {
    if (classic) results.relay = await benchRelay(ctx, names);
    for (const mode of classic ? options.modes : []) {
      try {
        const modeResults = await benchMode(ctx, mode, names, dataRoot);
        modeResults.vsPlain = compareWithPlain(modeResults);
        results[mode] = modeResults;
      } catch (error) {
        log(`ERROR ${mode}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        results[mode] = { errors: [String(error)] };
      }
    }
    if (has(options, 'capacity')) {
      log(`capacity: ${options.capacity.users.join(', ')} users, modes ${options.modes.join(', ')}`);
      results.capacity = await runCapacity(
        {
          modes: options.modes,
          steps: options.capacity.users,
          workers: options.workers,
          mysqlUrl: options.mysqlUrl,
          redisUrl: options.redisUrl,
          sessionSecret: SESSION_SECRET,
          mixMs: options.capacity.mixSeconds * 1000,
          stressMs: options.capacity.stressSeconds * 1000,
          stressEveryonePerSec: 2,
          logFile: ctx.logFile,
          ...(options.profile ? { profileName: stamp } : {}),
        },
        log,
      );
    }
  } finally {
    await ctx.gen.close();
    rmSync(dataRoot, { recursive: true, force: true });
  }
  results.durationMs = performance.now() - started;
  if (classic) {
    console.log(`\n${terminalTable(buildRows(results))}\n`);
    writeReports(results, options, stamp, command);
  }
  if (results.capacity) {
    console.log(`\n${capacityTables(results.capacity)}\n`);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, `${stamp}-capacity.json`), `${JSON.stringify(results, null, 1)}\n`);
    writeFileSync(
      path.join(RESULTS, 'capacity.md'),
      capacityMarkdown(results.capacity, results.machine, command, results.startedAt),
    );
    log(`wrote bench/results/${stamp}-capacity.json and bench/results/capacity.md`);
  }
  log(`done in ${(results.durationMs / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
