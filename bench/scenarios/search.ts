/**
 * (c) Search: `searchMessages` for one word in channels of each size (the history scenario's
 * seeded channels), one request at a time, alternating between the channel's two members. Each
 * seeded message carries one word of a fixed vocabulary (`searchWord`), so a word occurs in
 * size / VOCABULARY messages: 5 at 10 thousand, 500 at 1 million, as a rare word would.
 */
import type { Socket } from 'socket.io-client';
import { percentiles, type Percentiles } from '../lib/stats';

export type SearchResult = { size: number; requests: number; failed: number; latency: Percentiles };

const VOCABULARY = 2000;

/** The vocabulary word of seeded message `n`: `v` and four letters, spread over the channel. */
export function searchWord(n: number): string {
  let k = (n * 7919) % VOCABULARY;
  let word = '';
  for (let i = 0; i < 4; i++) {
    word += String.fromCharCode(97 + (k % 26));
    k = Math.floor(k / 26);
  }
  return `v${word}`;
}

/** The server allows 30 searches per 10 s per user (event-limits.ts); stay just under it. */
const SEARCHES_PER_SECOND_PER_USER = 2.8;

export async function measureSearches(
  sockets: readonly Socket[],
  size: number,
  requests: number,
  maxMs: number,
): Promise<SearchResult> {
  const samples: number[] = [];
  let failed = 0;
  const warmup = Math.min(5, requests);
  const deadline = performance.now() + maxMs;
  const lastUse = sockets.map(() => -Infinity);
  for (let i = 0; i < warmup + requests && performance.now() < deadline; i++) {
    const which = i % sockets.length;
    const socket = sockets[which];
    if (!socket) break;
    const wait = (lastUse[which] ?? 0) + 1000 / SEARCHES_PER_SECOND_PER_USER - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastUse[which] = performance.now();
    const query = searchWord(Math.floor(Math.random() * VOCABULARY));
    const started = performance.now();
    const found = (await socket.timeout(10_000).emitWithAck('searchMessages', { query })) as { ok: boolean };
    const elapsed = performance.now() - started;
    if (!found.ok) failed++;
    else if (i >= warmup) samples.push(elapsed);
  }
  return { size, requests: samples.length, failed, latency: percentiles([Float64Array.from(samples)]) };
}
