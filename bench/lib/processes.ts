/**
 * The processes a run measures: the bare relay and the chat server, each a child Node process on a
 * loopback port, plus /proc readings of their CPU time and RSS (and of the machine as a whole).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setPriority } from 'node:os';
import path from 'node:path';

export type Target = {
  /** `relay`, `embedded` or `services`. */
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
};

export type ServerOptions = {
  mode: 'embedded' | 'services';
  dataDir: string;
  mysqlUrl?: string;
  redisUrl?: string;
  /** Extra environment (BCRYPT_ROUNDS, NODE_ENV, limits). */
  env?: Record<string, string>;
  /** Node flags before the script, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  logFile: string;
  /** Listen here (a restart on the same address); default: a free port. */
  port?: number;
  /** Keep the shipped connection limits (handshakes, sockets per user) instead of raising them. */
  defaultConnectionLimits?: boolean;
};

const ROOT = path.resolve(import.meta.dirname, '../..');
const HOOK = path.join(ROOT, 'bench/lib/bench-hook.mjs');
/** Where the hook writes memory snapshots and CPU profiles. */
export const HOOK_DIR = path.join(ROOT, 'bench/results/profiles');
const CLOCK_TICKS_PER_SECOND = 100;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Set by `--priority`: the niceness of every process the benchmark starts (and its own). */
let niceness: number | undefined;

export function raisePriority(value: number): void {
  niceness = value;
  prioritize(process.pid);
  // Under autogroup scheduling (kernel.sched_autogroup_enabled) CPU is shared between sessions
  // first, and a niceness counts only within its session: the session's own weight is what puts
  // the benchmark ahead. Run it in a session of its own (`setsid npm run bench -- --priority`).
  try {
    writeFileSync('/proc/self/autogroup', String(value));
  } catch {
    // no autogroup here (or not root): niceness alone, as above
  }
}

/** Runs a process of ours ahead of other work on a shared machine (root may lower niceness). */
export function prioritize(pid: number | undefined): void {
  if (niceness === undefined || pid === undefined) return;
  try {
    setPriority(pid, niceness);
  } catch (error) {
    console.warn(`could not set the priority of ${pid}: ${String(error)}`);
  }
}

function spawnNode(script: string, flags: string[], env: Record<string, string>, logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  mkdirSync(HOOK_DIR, { recursive: true });
  const child = spawn(process.execPath, ['--expose-gc', '--import', HOOK, ...flags, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, BENCH_HOOK_DIR: HOOK_DIR, ...env },
    stdio: ['ignore', log, log],
  });
  prioritize(child.pid);
  return child;
}

async function waitUntil(check: () => Promise<boolean>, what: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export async function startRelay(logFile: string): Promise<Target> {
  const port = await freePort();
  const child = spawnNode('bench/relay.ts', [], { PORT: String(port) }, logFile);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/socket.io/?EIO=4&transport=polling`)).ok, 'the relay', child);
  return { name: 'relay', url, pid: pidOf(child), stop: stopper(child) };
}

/** Raised so that only capacity is measured (unless `defaultConnectionLimits`). */
const RAISED_CONNECTION_LIMITS: Record<string, string> = {
  HANDSHAKE_RATE: '100000',
  HANDSHAKE_BURST: '100000',
  SOCKETS_PER_USER: '1000',
};

/** Starts `src/main.ts` and waits for /healthz. Limits are raised so that only capacity is measured. */
export async function startServer(options: ServerOptions): Promise<Target> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    MYSQL_URL: options.mysqlUrl ?? '',
    REDIS_URL: options.redisUrl ?? '',
    LOG_LEVEL: 'warn',
    REGISTER_MAX_PER_HOUR: '1000000',
    LOGIN_MAX_FAILURES: '1000000',
    MESSAGE_RATE: '100000',
    MESSAGE_BURST: '100000',
    ...(options.defaultConnectionLimits ? {} : RAISED_CONNECTION_LIMITS),
    ...options.env,
  };
  const child = spawnNode('src/main.ts', options.nodeFlags ?? [], env, options.logFile);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/healthz`)).ok, `the server (${options.mode})`, child);
  return { name: options.mode, url, pid: pidOf(child), stop: stopper(child) };
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('the child process has no pid');
  return child.pid;
}

/** A full GC in the target, then its process.memoryUsage() (through bench-hook.mjs). */
export async function collectMemory(pid: number): Promise<NodeJS.MemoryUsage | undefined> {
  const file = path.join(HOOK_DIR, `${pid}.memory.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGHUP');
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (!existsSync(file)) continue;
    try {
      const usage = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage; // written by bench-hook.mjs
      rmSync(file, { force: true });
      return usage;
    } catch {
      // caught mid-write: read again
    }
  }
  return undefined;
}

export type ProcSample = { at: number; cpuMs: number; rssBytes: number };

/** CPU time (user + system) and RSS of one process, from /proc. */
export function sampleProcess(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { at: performance.now(), cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssBytes: Number(rss ?? 0) * 1024 };
}

/** Share of one core used between two samples (1.0 = one core busy). */
export function coreShare(before: ProcSample, after: ProcSample): number {
  const wall = after.at - before.at;
  return wall > 0 ? (after.cpuMs - before.cpuMs) / wall : 0;
}

export type MachineSample = { busy: number; total: number };

export function sampleMachine(): MachineSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** Share of the whole machine busy between two samples (1.0 = every core busy). */
export function machineShare(before: MachineSample, after: MachineSample): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** Pids of local service processes by command name (mariadbd, redis-server), to report their CPU too. */
export function pidsNamed(names: readonly string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(comm)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
