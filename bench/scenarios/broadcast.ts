/** (e) A message to `everyone` while the fleet is online: time until the last socket has it. */
import type { Fleet } from '../lib/fleet';
import { median } from '../lib/stats';

export type BroadcastResult = {
  sockets: number;
  sent: number;
  refused: number;
  incomplete: number;
  lastMs: number[];
  p50Ms: number;
  maxMs: number;
};

export async function measureBroadcast(fleet: Fleet, count: number): Promise<BroadcastResult> {
  await fleet.gen.all(() => ({ type: 'collect' as const }));
  const sent = await fleet.gen.call(0, { type: 'broadcast', count, gapMs: 200 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const collected = await fleet.gen.all(() => ({ type: 'collect' as const }));
  const lastMs: number[] = [];
  let incomplete = 0;
  sent.sentAt.forEach((sentAt, k) => {
    const parts = collected.map((c) => c[k]).filter((part) => part !== undefined);
    const count = parts.reduce((total, part) => total + part.count, 0);
    if (count < fleet.size) incomplete++;
    if (parts.length > 0) lastMs.push(Math.max(...parts.map((part) => part.last)) - sentAt);
  });
  return {
    sockets: fleet.size,
    sent: sent.sentAt.length,
    refused: sent.refused,
    incomplete,
    lastMs,
    p50Ms: median(lastMs),
    maxMs: Math.max(...lastMs),
  };
}
