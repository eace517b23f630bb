/**
 * `capacity`: how many people one server process holds with a realistic team's traffic. For each
 * step (1,000 → 2,500 → 5,000 → 10,000 users by default) and mode: a fresh site seeded straight into
 * the database, every user connected at once from idle (timed until each socket has its
 * `updateUsers`), then the team mix for a minute (each user one message a minute, mostly to one of
 * four fixed partners, a fifth to their room of 20–50, `everyone` once per 10 s for the whole
 * site; `typing` before half; `markRead` after reading; an older history page every ten minutes),
 * then the same mix with `everyone` at 2 a second (the load that stalled embedded delivery), and
 * the memory kept once everyone has gone. The server runs alone on core 0 and the generator on
 * core 1 (`taskset`), when the machine has two cores or more.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CapacityCommand, CapacityResults, MessageKind, MixCommand, MixResult } from '../lib/capacity-protocol';
import { seedCapacitySite } from '../lib/capacity-seed';
import { Generator } from '../lib/generator';
import type { Mode } from '../lib/options';
import {
  collectMemory,
  coreShare,
  HOOK_DIR,
  machineShare,
  pidsNamed,
  sampleMachine,
  sampleProcess,
  startServer,
  type ProcSample,
} from '../lib/processes';
import { wallClock } from '../lib/protocol';
import { resetServices } from '../lib/services';
import { percentiles, type Percentiles } from '../lib/stats';

export type CapacitySettings = {
  modes: Mode[];
  steps: number[];
  workers: number;
  mysqlUrl: string;
  redisUrl: string;
  sessionSecret: string;
  /** The team mix, and the mix with `everyone` at `stressEveryonePerSec`. */
  mixMs: number;
  stressMs: number;
  stressEveryonePerSec: number;
  logFile: (name: string) => string;
  /** Writes CPU profiles of the server over the mix (…-1) and the `everyone` phase (…-2): bench/results/profiles/<profileName>-capacity-<mode>-<users>-N.cpuprofile. */
  profileName?: string;
};

export type PhaseFigures = {
  seconds: number;
  sent: number;
  everyoneSent: number;
  /** Deliveries of direct and room messages to the other members; `everyone` apart. */
  delivery: Percentiles;
  everyoneDelivery: Percentiles;
  ack: Percentiles;
  markRead: Percentiles;
  history: Percentiles;
  lost: number;
  refused: Record<string, number>;
  unanswered: number;
  duplicates: number;
  failedReads: number;
  failedHistory: number;
  /** Sockets closed during the phase, by reason (a healthy step has none). */
  disconnected: Record<string, number>;
  /** Shares of one core over the phase. */
  serverCpu: number;
  servicesCpu: number;
  genCpuMax: number;
  genLoopDelayP99Ms: number;
  maxSendLagMs: number;
  /** Cores busy with processes outside the benchmark (other people's work on the machine). */
  otherCores: number;
  /** The server's own event-loop delay over the phase (bench/lib/loop-lag-hook.mjs). */
  loopLag?: { p50: number; p99: number; max: number };
  serverRssMb: number;
};

export type CapacityStep = {
  mode: Mode;
  users: number;
  site: { rooms: number; directChannels: number; messages: number; seedMs: number };
  connect: {
    connected: number;
    failed: number;
    firstError?: string;
    ms: number;
    perSocket: Percentiles;
    serverCpu: number;
    genCpuMax: number;
    userStatusPerUser: number;
  };
  mix?: PhaseFigures;
  stress?: PhaseFigures & { cpuMsPerEveryone: number };
  memory: {
    /** After a full GC, before any socket; RSS at the end of the load; after a full GC once all had gone. */
    idleMb: number;
    connectedMb: number;
    loadedMb: number;
    afterMb: number;
    afterHeapMb: number;
    /** Outside the V8 heap once all had gone: Buffers and other native allocations V8 knows of. */
    afterExternalMb: number;
    /** The V8 heap's committed size then (used or not). */
    afterHeapTotalMb?: number;
    /** Where the resident memory sits then, by mapping (/proc/<pid>/smaps): the largest few. */
    afterMappings?: Record<string, number>;
    perUserKb: number;
  };
  errors: string[];
};

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKER = path.join(ROOT, 'bench/capacity-worker.ts');
const LAG_HOOK = path.join(ROOT, 'bench/lib/loop-lag-hook.mjs');
const WARMUP_MS = 5000;
const DRAIN_MS = 5000;
const EVERYONE_EVERY_MS = 10_000;
const MESSAGE_EVERY_MS = 60_000;
const HISTORY_EVERY_MS = 600_000;
const SERVICES = ['mariadbd', 'mysqld', 'redis-server'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => bytes / 2 ** 20;

type Pool = Generator<CapacityCommand, CapacityResults>;

/** Runs a process (all its threads, and those it starts later) on the given cores only. */
function pin(pid: number, cores: string, log: (line: string) => void): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
  } catch (error) {
    log(`could not pin ${pid} to core ${cores}: ${String(error)}`);
  }
}

async function readLoopLag(pid: number): Promise<PhaseFigures['loopLag']> {
  const file = path.join(HOOK_DIR, `${pid}.loop.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 600; i++) {
    await sleep(50);
    if (!existsSync(file)) continue;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as PhaseFigures['loopLag']; // written by loop-lag-hook.mjs
    } catch {
      // caught mid-write: read again
    }
  }
  return undefined;
}

/** Resident MB by mapping: `[heap]` is malloc's main arena, `[anon]` V8's pages and malloc's other arenas. */
function residentByMapping(pid: number, top = 6): Record<string, number> {
  const totals = new Map<string, number>();
  let current = '[anon]';
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (header) current = header[1]?.trim() || '[anon]';
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (rss) totals.set(current, (totals.get(current) ?? 0) + Number(rss[1]) / 1024);
    }
  } catch {
    return {};
  }
  return Object.fromEntries(
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, mbs]) => [path.basename(name), Math.round(mbs)]),
  );
}

function sampleAll(pids: readonly number[]): ProcSample[] {
  return pids.flatMap((pid) => {
    try {
      return [sampleProcess(pid)];
    } catch {
      return [];
    }
  });
}

const cores = (before: ProcSample[], after: ProcSample[]) =>
  before.reduce((sum, sample, i) => sum + (after[i] ? coreShare(sample, after[i]) : 0), 0);

/** One phase of traffic on every worker at once, and its figures. */
async function runPhase(
  pool: Pool,
  serverPid: number,
  command: Omit<MixCommand, 'type' | 'startAt' | 'everyoneAt'>,
  everyoneEveryMs: number,
): Promise<PhaseFigures> {
  const everyoneAt: number[][] = Array.from({ length: pool.size }, () => []);
  let count = 0;
  for (let at = everyoneEveryMs / 2; at < command.durationMs; at += everyoneEveryMs) everyoneAt[count++ % pool.size]?.push(at);
  const servicePids = pidsNamed(SERVICES);
  const ownPids = [...pool.pids, process.pid];
  await readLoopLag(serverPid);
  const machineBefore = sampleMachine();
  const [serverBefore, servicesBefore, ownBefore] = [sampleAll([serverPid]), sampleAll(servicePids), sampleAll(ownPids)];
  const startAt = wallClock() + 500;
  const results = await pool.all((w) => ({ type: 'mix' as const, ...command, startAt, everyoneAt: everyoneAt[w] ?? [] }));
  const [serverAfter, servicesAfter, ownAfter] = [sampleAll([serverPid]), sampleAll(servicePids), sampleAll(ownPids)];
  const machine = machineShare(machineBefore, sampleMachine()) * os.cpus().length;
  const loopLag = await readLoopLag(serverPid);
  const serverCpu = cores(serverBefore, serverAfter);
  const servicesCpu = cores(servicesBefore, servicesAfter);
  return {
    ...tally(results),
    seconds: command.durationMs / 1000,
    everyoneSent: results.reduce((sum, r) => sum + r.sent.filter((s) => s.kind === 'everyone').length, 0),
    serverCpu,
    servicesCpu,
    genCpuMax: Math.max(...results.map((r) => r.cpu)),
    genLoopDelayP99Ms: Math.max(...results.map((r) => r.loopDelayP99Ms)),
    maxSendLagMs: Math.max(...results.map((r) => r.maxSendLagMs)),
    otherCores: Math.max(0, machine - serverCpu - servicesCpu - cores(ownBefore, ownAfter)),
    ...(loopLag ? { loopLag } : {}),
    serverRssMb: mb(serverAfter[0]?.rssBytes ?? NaN),
  };
}

/** Merges the workers' answers: what each sent against what every other socket received. */
function tally(results: MixResult[]) {
  const received = new Map<string, number>();
  for (const result of results) for (const [key, n] of result.received) received.set(key, (received.get(key) ?? 0) + n);
  let lost = 0;
  for (const result of results)
    for (const sent of result.sent) lost += Math.max(0, sent.expected - Math.min(sent.expected, received.get(sent.key) ?? 0));
  const merge = (pick: (r: MixResult) => Record<string, number>) => {
    const merged: Record<string, number> = {};
    for (const result of results) for (const [key, n] of Object.entries(pick(result))) merged[key] = (merged[key] ?? 0) + n;
    return merged;
  };
  const of = (kinds: MessageKind[]) => percentiles(results.flatMap((r) => kinds.map((kind) => r.delivery[kind])));
  const sum = (pick: (r: MixResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    sent: sum((r) => r.sent.length),
    delivery: of(['direct', 'room']),
    everyoneDelivery: of(['everyone']),
    ack: percentiles(results.map((r) => r.ack)),
    markRead: percentiles(results.map((r) => r.markRead)),
    history: percentiles(results.map((r) => r.history)),
    lost: lost + sum((r) => r.unanswered),
    refused: merge((r) => r.refused),
    disconnected: merge((r) => r.disconnected),
    unanswered: sum((r) => r.unanswered),
    duplicates: sum((r) => r.duplicates),
    failedReads: sum((r) => r.markReadFailed),
    failedHistory: sum((r) => r.historyFailed),
  };
}

async function runStep(
  pool: Pool,
  settings: CapacitySettings,
  mode: Mode,
  users: number,
  log: (line: string) => void,
): Promise<CapacityStep> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chat-capacity-'));
  const backend = mode === 'services' ? { mysqlUrl: settings.mysqlUrl, redisUrl: settings.redisUrl } : {};
  if (mode === 'services') await resetServices(settings.mysqlUrl, settings.redisUrl);
  const server = await startServer({
    mode,
    dataDir,
    ...backend,
    env: {
      NODE_ENV: 'test',
      BCRYPT_ROUNDS: '4',
      SESSION_SECRET: settings.sessionSecret,
      BENCH_PROFILE_NAME: `${settings.profileName ?? 'server'}-capacity-${mode}-${users}`,
    },
    nodeFlags: ['--import', LAG_HOOK],
    logFile: settings.logFile(`capacity-${mode}-${users}`),
  });
  const errors: string[] = [];
  try {
    if (os.cpus().length >= 2) pin(server.pid, '0', log);
    const site = await seedCapacitySite(
      { dataDir, ...backend },
      {
        users,
        lanes: pool.size,
        historyPerChannel: 40,
        everyoneReaders: 0.1,
        sessionSecret: settings.sessionSecret,
        roomSizes: [20, 50],
      },
    );
    log(
      `${mode} ${users}: seeded ${site.directChannels} direct channels, ${site.rooms} rooms, ${site.messages} messages in ${(site.ms / 1000).toFixed(1)} s`,
    );
    await pool.all((w) => ({ type: 'setup' as const, url: server.url, everyoneId: site.everyoneId, users: site.lanes[w] ?? [] }));
    await sleep(500);
    const idle = await collectMemory(server.pid);

    const serverBefore = sampleProcess(server.pid);
    const connected = await pool.all(() => ({ type: 'connect' as const, concurrency: 100, timeoutMs: 900_000 }));
    const serverAfter = sampleProcess(server.pid);
    const count = connected.reduce((sum, r) => sum + r.connected, 0);
    const failed = connected.reduce((sum, r) => sum + r.failed, 0);
    const connect = {
      connected: count,
      failed,
      ...(failed > 0 ? { firstError: connected.find((r) => r.firstError)?.firstError } : {}),
      ms: Math.max(...connected.map((r) => r.lastUpdateUsersAt)) - Math.min(...connected.map((r) => r.startedAt)),
      perSocket: percentiles(connected.map((r) => r.perSocket)),
      serverCpu: coreShare(serverBefore, serverAfter),
      genCpuMax: Math.max(...connected.map((r) => r.cpu)),
      userStatusPerUser: connected.reduce((sum, r) => sum + r.userStatus, 0) / Math.max(1, count),
    };
    log(
      `${mode} ${users}: ${count} connected (${failed} failed) in ${(connect.ms / 1000).toFixed(1)} s, server at ${Math.round(connect.serverCpu * 100)} % of a core`,
    );
    await sleep(2000); // the last presence notices settle
    const connectedRss = sampleProcess(server.pid).rssBytes;

    const phase = {
      warmupMs: WARMUP_MS,
      drainMs: DRAIN_MS,
      connected: count,
      messageEveryMs: MESSAGE_EVERY_MS,
      roomShare: 0.2,
      typingShare: 0.5,
      typingLeadMs: 1500,
      readDelayMs: 1000,
      historyEveryMs: HISTORY_EVERY_MS,
      historyLimit: 20,
    };
    let mix: PhaseFigures | undefined;
    let stress: CapacityStep['stress'];
    if (failed === 0) {
      const profileFile = (n: number) =>
        `bench/results/profiles/${settings.profileName}-capacity-${mode}-${users}-${n}.cpuprofile`;
      // bench-hook.mjs: a SIGUSR2 starts the profiler, the next writes the profile (numbered from 1).
      if (settings.profileName) process.kill(server.pid, 'SIGUSR2');
      mix = await runPhase(pool, server.pid, { ...phase, phase: 1, durationMs: settings.mixMs }, EVERYONE_EVERY_MS);
      if (settings.profileName) {
        process.kill(server.pid, 'SIGUSR2');
        log(`profile of the mix: ${profileFile(1)}`);
      }
      log(`${mode} ${users} mix: ${describe(mix)}`);
      if (settings.stressMs > 0) {
        if (settings.profileName) process.kill(server.pid, 'SIGUSR2');
        const figures = await runPhase(
          pool,
          server.pid,
          { ...phase, phase: 2, durationMs: settings.stressMs },
          1000 / settings.stressEveryonePerSec,
        );
        if (settings.profileName) {
          process.kill(server.pid, 'SIGUSR2');
          log(`profile of everyone at ${settings.stressEveryonePerSec}/s: ${profileFile(2)}`);
        }
        // The server's extra CPU over the plain mix, per extra `everyone` message.
        const extraPerSec = figures.everyoneSent / figures.seconds - mix.everyoneSent / mix.seconds;
        const cpuMsPerEveryone = extraPerSec > 0 ? ((figures.serverCpu - mix.serverCpu) * 1000) / extraPerSec : NaN;
        stress = { ...figures, cpuMsPerEveryone };
        log(
          `${mode} ${users} everyone at ${settings.stressEveryonePerSec}/s: ${describe(stress)}, ${cpuMsPerEveryone.toFixed(1)} ms of server CPU per everyone message`,
        );
      }
    } else errors.push(`${failed} sockets could not connect: ${connect.firstError ?? 'timeout'}`);

    const loadedRss = sampleProcess(server.pid).rssBytes;
    await pool.all(() => ({ type: 'close' as const }));
    await sleep(5000); // past the presence grace: everyone is offline
    const after = await collectMemory(server.pid);
    const idleRss = idle?.rss ?? NaN;
    return {
      mode,
      users,
      site: { rooms: site.rooms, directChannels: site.directChannels, messages: site.messages, seedMs: site.ms },
      connect,
      ...(mix ? { mix } : {}),
      ...(stress ? { stress } : {}),
      memory: {
        idleMb: mb(idleRss),
        connectedMb: mb(connectedRss),
        loadedMb: mb(loadedRss),
        afterMb: mb(after?.rss ?? NaN),
        afterHeapMb: mb(after?.heapUsed ?? NaN),
        afterExternalMb: mb(after?.external ?? NaN),
        afterHeapTotalMb: mb(after?.heapTotal ?? NaN),
        afterMappings: residentByMapping(server.pid),
        perUserKb: loadedRss / Math.max(1, count) / 1024,
      },
      errors,
    };
  } finally {
    await pool.all(() => ({ type: 'close' as const })).catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function describe(p: PhaseFigures): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  return (
    `delivery p50/p99 ${f(p.delivery.p50)}/${f(p.delivery.p99)} ms, everyone ${f(p.everyoneDelivery.p50)}/${f(p.everyoneDelivery.p99)} ms, ` +
    `ack p99 ${f(p.ack.p99)} ms, markRead p99 ${f(p.markRead.p99)} ms, history p99 ${f(p.history.p99)} ms, ${p.lost} lost, ` +
    `${Object.entries(p.disconnected)
      .map(([why, n]) => `${n} disconnected (${why}), `)
      .join('')}` +
    `server ${Math.round(p.serverCpu * 100)} %, loop lag p99 ${f(p.loopLag?.p99 ?? NaN)} ms, generator max ${Math.round(p.genCpuMax * 100)} %`
  );
}

/** Every step in every mode; a step that fails is reported with its error and the next one runs. */
export async function runCapacity(settings: CapacitySettings, log: (line: string) => void): Promise<CapacityStep[]> {
  const pool: Pool = Generator.start<CapacityCommand, CapacityResults>(settings.workers, WORKER);
  if (os.cpus().length >= 2) {
    await sleep(1000); // the workers have started their threads
    for (const pid of [...pool.pids, process.pid]) pin(pid, '1', log);
  }
  const steps: CapacityStep[] = [];
  try {
    for (const mode of settings.modes) {
      for (const users of settings.steps) {
        try {
          steps.push(await runStep(pool, settings, mode, users, log));
        } catch (error) {
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          log(`ERROR capacity ${mode} ${users}: ${message}`);
          steps.push(failedStep(mode, users, message));
        }
      }
    }
  } finally {
    await pool.close();
  }
  return steps;
}

function failedStep(mode: Mode, users: number, error: string): CapacityStep {
  const none = percentiles([]);
  return {
    mode,
    users,
    site: { rooms: 0, directChannels: 0, messages: 0, seedMs: NaN },
    connect: { connected: 0, failed: users, ms: NaN, perSocket: none, serverCpu: NaN, genCpuMax: NaN, userStatusPerUser: NaN },
    memory: {
      idleMb: NaN,
      connectedMb: NaN,
      loadedMb: NaN,
      afterMb: NaN,
      afterHeapMb: NaN,
      afterExternalMb: NaN,
      perUserKb: NaN,
    },
    errors: [error],
  };
}
