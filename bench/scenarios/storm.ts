/**
 * (d) Connect storm: every user's socket opens at the same moment (nobody online before). Measured
 * until every socket is connected, and until every socket knows every user is online (its
 * `updateUsers` snapshot plus the `userStatus` events that follow).
 */
import type { Generator } from '../lib/generator';
import { readFileSync } from 'node:fs';
import { coreShare, sampleProcess, type Target } from '../lib/processes';
import type { Client } from '../lib/protocol';

export type StormResult = {
  sockets: number;
  failed: number;
  connectedMs: number;
  settledMs: number;
  unsettled: number;
  /** Shares of one core over the storm: the target's, and the busiest generator worker's. */
  serverCpu: number;
  genCpuMax: number;
  /** Connections the kernel dropped because the target's accept queue was full (they retry after 1 s, 3 s, …). */
  listenOverflows: number;
};

/** TcpExt ListenOverflows for the whole machine, from /proc/net/netstat. */
function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const header = lines.findIndex((line) => line.startsWith('TcpExt:'));
  const names = lines[header]?.split(' ') ?? [];
  const values = lines[header + 1]?.split(' ') ?? [];
  return Number(values[names.indexOf('ListenOverflows')] ?? NaN);
}

export async function connectStorm(gen: Generator, target: Target, clients: readonly Client[]): Promise<StormResult> {
  const lanes: Client[][] = Array.from({ length: gen.size }, () => []);
  clients.forEach((client, i) => lanes[i % gen.size]?.push(client));
  const before = [target.pid, ...gen.pids].map(sampleProcess);
  const overflowsBefore = listenOverflows();
  const results = await gen.all((w) => ({
    type: 'connect' as const,
    url: target.url,
    clients: lanes[w] ?? [],
    tracking: 'presence' as const,
    concurrency: lanes[w]?.length ?? 0,
    expectOnline: clients.length,
    timeoutMs: 30_000,
  }));
  const start = Math.min(...results.map((r) => r.startedAt));
  const settled = results.map((r) => r.settledAt);
  const after = [target.pid, ...gen.pids].map(sampleProcess);
  const shares = before.map((sample, i) => (after[i] ? coreShare(sample, after[i]) : NaN));
  await gen.all(() => ({ type: 'close' as const }));
  return {
    sockets: clients.length,
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    connectedMs: Math.max(...results.map((r) => r.lastConnectedAt)) - start,
    settledMs: settled.some(Number.isNaN) ? NaN : Math.max(...settled) - start,
    unsettled: results.reduce((sum, r) => sum + r.unsettled, 0),
    serverCpu: shares[0] ?? NaN,
    genCpuMax: Math.max(...shares.slice(1)),
    listenOverflows: listenOverflows() - overflowsBefore,
  };
}
