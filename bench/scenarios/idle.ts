/**
 * (b) Idle sockets: many connected, authenticated sockets that do nothing. The target's memory
 * after a full GC (through bench-hook.mjs), before and after, over the number of sockets, is what
 * one socket costs: RSS, and the V8 heap for a steadier second view.
 */
import type { Generator } from '../lib/generator';
import { collectMemory, sampleProcess, type Target } from '../lib/processes';
import type { Client } from '../lib/protocol';

export type IdleResult = {
  sockets: number;
  failed: number;
  connectMs: number;
  baselineMb: number;
  loadedMb: number;
  perSocketKb: number;
  heapPerSocketKb: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function memory(pid: number): Promise<{ rss: number; heap: number }> {
  const usage = await collectMemory(pid);
  return { rss: usage?.rss ?? sampleProcess(pid).rssBytes, heap: usage?.heapUsed ?? NaN };
}

export async function idleSockets(gen: Generator, target: Target, users: readonly Client[], tabs: number): Promise<IdleResult> {
  await sleep(1000);
  const baseline = await memory(target.pid);
  const started = performance.now();
  const results = await connectIdle(gen, target.url, users, tabs);
  const connectMs = performance.now() - started;
  await sleep(2000);
  const loaded = await memory(target.pid);
  const connected = results.reduce((sum, r) => sum + r.connected, 0);
  await gen.all(() => ({ type: 'close' as const }));
  return {
    sockets: connected,
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    connectMs,
    baselineMb: baseline.rss / 2 ** 20,
    loadedMb: loaded.rss / 2 ** 20,
    perSocketKb: connected > 0 ? (loaded.rss - baseline.rss) / connected / 1024 : NaN,
    heapPerSocketKb: connected > 0 ? (loaded.heap - baseline.heap) / connected / 1024 : NaN,
  };
}

/** Connects `tabs` idle sockets per user, spread over the generator's workers; one result per worker. */
export function connectIdle(gen: Generator, url: string, users: readonly Client[], tabs: number) {
  const lanes: Client[][] = Array.from({ length: gen.size }, () => []);
  let n = 0;
  for (let tab = 0; tab < tabs; tab++) for (const user of users) lanes[n++ % gen.size]?.push(user);
  return gen.all((w) => ({
    type: 'connect' as const,
    url,
    clients: lanes[w] ?? [],
    tracking: 'none' as const,
    concurrency: 50,
    timeoutMs: 600_000,
  }));
}
