/**
 * (c) History: one page (`chatHistory` with `before` at a random position, `limit` messages) in a
 * channel of each size, one request at a time from one socket; the relay answers the same event
 * at once, without storage.
 */
import { io, type Socket } from 'socket.io-client';
import { percentiles, type Percentiles } from '../lib/stats';

export type HistoryResult = { size: number; requests: number; failed: number; latency: Percentiles };

type Page = { ok: boolean; messages?: unknown[] };

export async function openSocket(url: string, username: string, cookie?: string): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { user: username },
    extraHeaders: cookie ? { cookie } : {},
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('updateUsers', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export async function channelWith(socket: Socket, username: string): Promise<string> {
  const response = (await socket.timeout(10_000).emitWithAck('chatHistory', { with: username })) as {
    ok: boolean;
    channel?: { id: string };
  };
  if (!response.ok || !response.channel) throw new Error(`chatHistory with ${username} failed`);
  return response.channel.id;
}

/** The server allows 100 reads per 10 s per user (event-limits.ts); stay just under it. */
const READS_PER_SECOND_PER_USER = 9;

/** Requests alternate between the channel's members' sockets, each paced under the read limit. */
export async function measurePages(
  sockets: readonly Socket[],
  channelId: string,
  range: { firstId: number; lastId: number; size: number },
  requests: number,
  limit: number,
  maxMs: number,
): Promise<HistoryResult> {
  const samples: number[] = [];
  let failed = 0;
  const warmup = Math.min(5, requests);
  const deadline = performance.now() + maxMs;
  const lastUse = sockets.map(() => -Infinity);
  for (let i = 0; i < warmup + requests && performance.now() < deadline; i++) {
    const which = i % sockets.length;
    const socket = sockets[which];
    if (!socket) break;
    const wait = (lastUse[which] ?? 0) + 1000 / READS_PER_SECOND_PER_USER - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastUse[which] = performance.now();
    const before = range.firstId + Math.floor(Math.random() * (range.lastId - range.firstId + 2));
    const started = performance.now();
    const page = (await socket.timeout(10_000).emitWithAck('chatHistory', { channelId, before: String(before), limit })) as Page;
    const elapsed = performance.now() - started;
    if (!page.ok) failed++;
    else if (i >= warmup) samples.push(elapsed);
  }
  return { size: range.size, requests: samples.length, failed, latency: percentiles([Float64Array.from(samples)]) };
}
