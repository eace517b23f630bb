/**
 * The open-loop sender of a generator worker: messages go out on the clock at the set rate,
 * whether or not earlier ones were answered, from each paired socket in turn. Ack latency is read
 * in the ack callback; delivery latency, loss, duplicates and order are read by the receiving
 * socket's listener (worker.ts) into the step's state.
 */
import type { monitorEventLoopDelay as MonitorEventLoopDelay } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type { LoadCommand, LoadResult } from './protocol';

export type Peer = {
  socket: Socket;
  username: string;
  /** The partner's username and the pair's channel, once paired. */
  partner?: string;
  channelId?: string;
  seq: number;
};

export type StepState = {
  id: number;
  warmEnd: number;
  delivered: number;
  duplicates: number;
  outOfOrder: number;
  echoes: number;
  late: number;
  seen: Map<string, { max: number; seqs: Set<number> }>;
  delivery: number[];
};

/** Makes the text about as long as a typical chat line; the receiver reads only the first fields. */
const PADDING = 'the quick brown fox jumps over the lazy dog';

type Ack = { ok: boolean; error?: { code: string } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(
  command: LoadCommand,
  peers: readonly (Peer | undefined)[],
  step: { current: StepState | undefined },
  monitor: typeof MonitorEventLoopDelay,
): Promise<LoadResult> {
  const senders = peers.filter((peer): peer is Peer & { channelId: string } => peer?.channelId !== undefined);
  if (senders.length === 0) throw new Error('no paired sockets to send from');
  const state: StepState = {
    id: command.step,
    warmEnd: 0,
    delivered: 0,
    duplicates: 0,
    outOfOrder: 0,
    echoes: 0,
    late: 0,
    seen: new Map(),
    delivery: [],
  };
  for (const sender of senders) sender.seq = 0;
  const ack: number[] = [];
  const refused: Record<string, number> = {};
  let answered = 0;
  let ackOk = 0;
  let sent = 0;
  let maxLag = 0;
  const total = Math.max(1, Math.round((command.rate * command.durationMs) / 1000));
  const loop = monitor({ resolution: 10 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  state.warmEnd = start + command.warmupMs;
  step.current = state;

  const sendOne = (sender: Peer & { channelId: string }) => {
    const sentAt = performance.now();
    const text = `${state.id}:${sender.seq}:${sentAt.toFixed(3)}:${PADDING}`;
    const clientId = `${state.id}-${sender.seq++}`;
    sender.socket.emit('chatMessage', { channelId: sender.channelId, text, clientId }, (response: Ack) => {
      answered++;
      if (response?.ok) {
        ackOk++;
        if (sentAt >= state.warmEnd) ack.push(performance.now() - sentAt);
      } else {
        const code = response?.error?.code ?? 'malformed';
        refused[code] = (refused[code] ?? 0) + 1;
      }
    });
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * command.rate) / 1000));
      while (sent < due) {
        maxLag = Math.max(maxLag, now - (start + (sent * 1000) / command.rate));
        const sender = senders[sent % senders.length];
        if (sender) sendOne(sender);
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const sendMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);

  const refusedCount = () => Object.values(refused).reduce((sum, n) => sum + n, 0);
  const deadline = performance.now() + command.drainMs;
  while (performance.now() < deadline && (answered < sent || state.delivered + refusedCount() < sent)) await sleep(10);
  step.current = undefined;
  loop.disable();

  return {
    sent,
    sendMs,
    ackOk,
    refused,
    unanswered: sent - answered,
    delivered: state.delivered,
    duplicates: state.duplicates,
    outOfOrder: state.outOfOrder,
    echoes: state.echoes,
    late: state.late,
    ack: Float64Array.from(ack),
    delivery: Float64Array.from(state.delivery),
    maxSendLagMs: maxLag,
    cpu: (cpu.user + cpu.system) / 1000 / sendMs,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
  };
}
