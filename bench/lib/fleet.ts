/**
 * Sockets spread over the generator's workers: pairs stay within one worker, so each pair's
 * latency is read on one clock. Also one measured step of open-loop load over the whole fleet.
 */
import { availableParallelism as cpus } from 'node:os';
import type { Generator } from './generator';
import { coreShare, machineShare, sampleMachine, sampleProcess, type ProcSample, type Target } from './processes';
import type { Client, ConnectResult, LoadResult } from './protocol';
import { percentiles, type Percentiles } from './stats';

export type Fleet = {
  gen: Generator;
  target: Target;
  size: number;
  connect: ConnectResult[];
  timing: { connectMs: number; pairMs: number };
};

export type StepResult = {
  rate: number;
  sent: number;
  /** Offered rate actually achieved by the generator's clock. */
  sentPerSec: number;
  deliveredPerSec: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  refused: number;
  /** Refusals by error code (`rate_limited`, `invalid`, …); absent when none. */
  refusedBy?: Record<string, number>;
  unanswered: number;
  ack: Percentiles;
  delivery: Percentiles;
  /** Message actions among `sent` (0 in a plain step), and the delivery of their `messageUpdated` alone. */
  actions?: number;
  actionDelivery?: Percentiles;
  /** Shares of one core over the sending period. */
  serverCpu: number;
  servicesCpu: number;
  genCpuMax: number;
  genCpuTotal: number;
  genLoopDelayP99Ms: number;
  maxSendLagMs: number;
  machineCpu: number;
  /** Cores busy with processes outside this benchmark (other work on the machine): noise. */
  otherCpu: number;
  serverRssMb: number;
  genSaturated: boolean;
  pass: boolean;
  why: string;
};

export const P99_LIMIT_MS = 50;
/** A worker using this much of a core is saturated: its figures measure the generator too. */
export const SATURATED_CORE_SHARE = 0.9;
/** Cores busy outside the benchmark above which a step is marked as run on a contended machine. */
export const CONTENDED_CORES = 0.25;
const QUIET_CORES = 0.15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects `clients` in pairs (0–1, 2–3, …) spread over the workers, and opens each pair's channel. */
export async function connectPairs(gen: Generator, target: Target, clients: readonly Client[], pair = true): Promise<Fleet> {
  const perWorker: Client[][] = Array.from({ length: gen.size }, () => []);
  for (let k = 0; k * 2 + 1 < clients.length; k++) {
    const lane = perWorker[k % gen.size];
    const a = clients[k * 2];
    const b = clients[k * 2 + 1];
    if (lane && a && b) lane.push(a, b);
  }
  const connectStarted = performance.now();
  const connect = await gen.all((w) => ({
    type: 'connect' as const,
    url: target.url,
    clients: perWorker[w] ?? [],
    tracking: 'chat',
    concurrency: 50,
    timeoutMs: 120_000,
  }));
  const failed = connect.reduce((sum, result) => sum + result.failed, 0);
  if (failed > 0)
    throw new Error(`${failed} sockets could not connect to ${target.name}: ${connect.find((c) => c.firstError)?.firstError}`);
  const pairStarted = performance.now();
  if (pair) await gen.all((w) => ({ type: 'pair' as const, partners: (perWorker[w] ?? []).map((_, i) => i ^ 1) }));
  const timing = { connectMs: pairStarted - connectStarted, pairMs: performance.now() - pairStarted };
  return { gen, target, size: perWorker.reduce((sum, lane) => sum + lane.length, 0), connect, timing };
}

function sumCpu(before: ProcSample[], after: ProcSample[]): number {
  return before.reduce((sum, sample, i) => {
    const later = after[i];
    return later ? sum + coreShare(sample, later) : sum;
  }, 0);
}

function safeSample(pids: readonly number[]): ProcSample[] {
  return pids.flatMap((pid) => {
    try {
      return [sampleProcess(pid)];
    } catch {
      return [];
    }
  });
}

let nextStep = 1;

/**
 * One step: every worker sends its share of `rate` for stepMs (after warmupMs), then waits drainMs.
 * `actionShare` of the sends are message actions (reactions and edits) rather than messages.
 */
export async function runStep(
  fleet: Fleet,
  rate: number,
  timing: { stepMs: number; warmupMs: number; drainMs: number },
  servicePids: readonly number[] = [],
  actionShare = 0,
): Promise<StepResult> {
  const step = nextStep++;
  const machineBefore = sampleMachine();
  const serverBefore = sampleProcess(fleet.target.pid);
  const servicesBefore = safeSample(servicePids);
  const ownPids = [...fleet.gen.pids, process.pid];
  const ownBefore = safeSample(ownPids);
  const results: LoadResult[] = await fleet.gen.all(() => ({
    type: 'load' as const,
    step,
    rate: rate / fleet.gen.size,
    durationMs: timing.warmupMs + timing.stepMs,
    warmupMs: timing.warmupMs,
    drainMs: timing.drainMs,
    ...(actionShare > 0 ? { actionShare } : {}),
  }));
  // The drain is part of every worker's answer; CPU is read over send + drain, so it is a lower bound.
  const serverAfter = sampleProcess(fleet.target.pid);
  const servicesAfter = safeSample(servicePids);
  const ownAfter = safeSample(ownPids);
  const machineAfter = sampleMachine();
  const machineCpu = machineShare(machineBefore, machineAfter);
  const serverCpu = coreShare(serverBefore, serverAfter);
  const servicesCpu = sumCpu(servicesBefore, servicesAfter);
  const sent = sum(results, (r) => r.sent);
  const delivered = sum(results, (r) => r.delivered);
  const refused = sum(results, (r) => Object.values(r.refused).reduce((a, b) => a + b, 0));
  const sendMs = Math.max(...results.map((r) => r.sendMs));
  const delivery = percentiles(results.map((r) => r.delivery));
  const lost = Math.max(0, sent - refused - delivered);
  const genCpuMax = Math.max(...results.map((r) => r.cpu));
  const result: StepResult = {
    rate,
    sent,
    sentPerSec: (sent * 1000) / sendMs,
    deliveredPerSec: (delivered * 1000) / sendMs,
    lost,
    duplicates: sum(results, (r) => r.duplicates),
    outOfOrder: sum(results, (r) => r.outOfOrder),
    refused,
    ...(refused > 0 ? { refusedBy: mergeCounts(results.map((r) => r.refused)) } : {}),
    unanswered: sum(results, (r) => r.unanswered),
    ack: percentiles(results.map((r) => r.ack)),
    delivery,
    ...(actionShare > 0
      ? { actions: sum(results, (r) => r.actions), actionDelivery: percentiles(results.map((r) => r.actionDelivery)) }
      : {}),
    serverCpu,
    servicesCpu,
    genCpuMax,
    genCpuTotal: sum(results, (r) => r.cpu),
    genLoopDelayP99Ms: Math.max(...results.map((r) => r.loopDelayP99Ms)),
    maxSendLagMs: Math.max(...results.map((r) => r.maxSendLagMs)),
    machineCpu,
    otherCpu: Math.max(0, machineCpu * cpus() - serverCpu - servicesCpu - sumCpu(ownBefore, ownAfter)),
    serverRssMb: serverAfter.rssBytes / 2 ** 20,
    genSaturated: genCpuMax >= SATURATED_CORE_SHARE,
    pass: false,
    why: '',
  };
  const reasons = [
    delivery.p99 >= P99_LIMIT_MS || Number.isNaN(delivery.p99) ? `p99 ${delivery.p99.toFixed(1)} ms` : '',
    lost > 0 ? `${lost} lost` : '',
    refused > 0
      ? `${refused} refused (${Object.entries(result.refusedBy ?? {})
          .map(([code, n]) => `${code} ${n}`)
          .join(', ')})`
      : '',
    result.sentPerSec < rate * 0.95 ? `generator sent only ${Math.round(result.sentPerSec)}/s` : '',
  ].filter(Boolean);
  result.pass = reasons.length === 0;
  result.why = reasons.join(', ');
  await settle(fleet.target.pid);
  return result;
}

/** Cores the machine spends on processes other than these, over one short window. */
async function otherCores(pids: readonly number[], windowMs = 500): Promise<number> {
  const machineBefore = sampleMachine();
  const before = safeSample(pids);
  await sleep(windowMs);
  const after = safeSample(pids);
  return Math.max(0, machineShare(machineBefore, sampleMachine()) * cpus() - sumCpu(before, after));
}

/**
 * Other people's work on a shared machine skews a step. Waits (at most `maxMs`) for a window in
 * which processes outside the benchmark use less than QUIET_CORES; returns what they used last.
 */
export async function waitQuiet(fleet: Fleet, servicePids: readonly number[], maxMs: number): Promise<number> {
  const pids = [fleet.target.pid, ...servicePids, ...fleet.gen.pids, process.pid];
  const deadline = performance.now() + maxMs;
  let other = await otherCores(pids);
  while (other > QUIET_CORES && performance.now() < deadline) other = await otherCores(pids);
  return other;
}

/** Waits (at most 20 s) until the target is nearly idle, so a step's backlog does not spill into the next. */
export async function settle(pid: number, maxMs = 20_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let before = sampleProcess(pid);
  while (performance.now() < deadline) {
    await sleep(250);
    const after = sampleProcess(pid);
    if (coreShare(before, after) < 0.15) return;
    before = after;
  }
}

function mergeCounts(parts: readonly Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const part of parts) for (const [code, n] of Object.entries(part)) merged[code] = (merged[code] ?? 0) + n;
  return merged;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}
