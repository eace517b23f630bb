/**
 * The open-loop sender of a generator worker: messages go out on the clock at the set rate,
 * whether or not earlier ones were answered, from each paired socket in turn. Ack latency is read
 * in the ack callback; delivery latency, loss, duplicates and order are read by the receiving
 * socket's listener (worker.ts) into the step's state.
 *
 * With `actionShare`, that share of the sends are message actions instead, alternately `react` and
 * `editMessage`, each on one of the sender's own recent messages: every other acked message is kept
 * as the sender's edit target, the others as its reaction target, so a message only ever gets one
 * kind of action. The partner's `messageUpdated` carries no send time, so the action is recorded
 * in `pending` (both sockets of a pair live in this process) and matched by message id on arrival.
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
  /** Messages of this sender acked so far; its latest ones, as targets of its actions. */
  acked?: number;
  editTarget?: string;
  reactTarget?: string;
  /** Reactions sent on `reactTarget`: picks the next emoji and whether it is added or removed. */
  reactions?: number;
};

/** An action sent and not yet heard by the partner, keyed by `pendingKey`. */
export type PendingAction = { seq: number; sentAt: number };

export const pendingKey = (channelId: string, messageId: string) => `${channelId}/${messageId}`;

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
  pending: Map<string, PendingAction[]>;
  actionDelivery: number[];
};

/** Makes the text about as long as a typical chat line; the receiver reads only the first fields. */
const PADDING = 'the quick brown fox jumps over the lazy dog';

type Ack = { ok: boolean; message?: { id: string }; error?: { code: string } };

/**
 * Twenty RGI emoji (the most a message may carry). A reaction target gets them added one by one,
 * then removed one by one, so every `react` changes the message and is announced.
 */
const EMOJI = [
  '👍', '❤️', '😂', '🎉', '🙏', '👀', '🔥', '✅', '😮', '😢',
  '🚀', '💯', '👏', '🤔', '😍', '🙌', '👌', '🥳', '💡', '⭐',
] as const; // prettier-ignore

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
    pending: new Map(),
    actionDelivery: [],
  };
  for (const sender of senders) sender.seq = 0;
  const ack: number[] = [];
  const refused: Record<string, number> = {};
  let answered = 0;
  let ackOk = 0;
  let sent = 0;
  let actions = 0;
  let maxLag = 0;
  const actionShare = Math.min(1, Math.max(0, command.actionShare ?? 0));
  const total = Math.max(1, Math.round((command.rate * command.durationMs) / 1000));
  const loop = monitor({ resolution: 10 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  state.warmEnd = start + command.warmupMs;
  step.current = state;

  const refuse = (response: Ack | undefined) => {
    const code = response?.error?.code ?? 'malformed';
    refused[code] = (refused[code] ?? 0) + 1;
  };
  const acked = (sentAt: number) => {
    answered++;
    ackOk++;
    if (sentAt >= state.warmEnd) ack.push(performance.now() - sentAt);
  };

  const sendMessage = (sender: Peer & { channelId: string }) => {
    const sentAt = performance.now();
    const text = `${state.id}:${sender.seq}:${sentAt.toFixed(3)}:${PADDING}`;
    const clientId = `${state.id}-${sender.seq++}`;
    sender.socket.emit('chatMessage', { channelId: sender.channelId, text, clientId }, (response: Ack) => {
      if (!response?.ok) {
        answered++;
        return refuse(response);
      }
      acked(sentAt);
      const id = response.message?.id;
      if (id === undefined) return;
      const n = (sender.acked = (sender.acked ?? 0) + 1);
      if (n % 2 === 0) sender.editTarget = id;
      else if (id !== sender.reactTarget) {
        sender.reactTarget = id;
        sender.reactions = 0;
      }
    });
  };

  /** False when the sender has no message of its own to act on yet. */
  const sendAction = (sender: Peer & { channelId: string }): boolean => {
    const react = actions % 2 === 0 ? sender.reactTarget !== undefined : sender.editTarget === undefined;
    const messageId = react ? sender.reactTarget : sender.editTarget;
    if (messageId === undefined) return false;
    const sentAt = performance.now();
    const seq = sender.seq++;
    const key = pendingKey(sender.channelId, messageId);
    const queue = state.pending.get(key) ?? [];
    state.pending.set(key, queue);
    const entry: PendingAction = { seq, sentAt };
    queue.push(entry);
    const done = (response: Ack) => {
      if (response?.ok) return acked(sentAt);
      answered++;
      refuse(response);
      const at = queue.indexOf(entry);
      if (at >= 0) queue.splice(at, 1);
      // A refused reaction leaves the target's emoji unknown: the next acked message is a fresh one.
      if (react && sender.reactTarget === messageId) sender.reactTarget = undefined;
    };
    if (react) {
      const n = sender.reactions ?? 0;
      sender.reactions = n + 1;
      const emoji = EMOJI[n % EMOJI.length];
      const on = Math.floor(n / EMOJI.length) % 2 === 0;
      sender.socket.emit('react', { channelId: sender.channelId, messageId, emoji, on }, done);
    } else {
      const text = `${state.id}:${seq}:${sentAt.toFixed(3)}:edited:${PADDING}`;
      sender.socket.emit('editMessage', { channelId: sender.channelId, messageId, text }, done);
    }
    actions++;
    return true;
  };

  /**
   * Send number k of the step: an action for the share of k that falls on one, else a message.
   * Messages and actions each go round the senders on their own count, so that every sender sends
   * both in the same proportion (one count for both would put all actions on a few senders).
   */
  let messages = 0;
  let actionTurns = 0;
  const sendOne = (k: number) => {
    const action = actionShare > 0 && Math.floor((k + 1) * actionShare) > Math.floor(k * actionShare);
    if (action) {
      const sender = senders[actionTurns++ % senders.length];
      if (sender && sendAction(sender)) return;
    }
    const sender = senders[messages++ % senders.length];
    if (sender) sendMessage(sender);
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * command.rate) / 1000));
      while (sent < due) {
        maxLag = Math.max(maxLag, now - (start + (sent * 1000) / command.rate));
        sendOne(sent);
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
    actions,
    actionDelivery: Float64Array.from(state.actionDelivery),
    maxSendLagMs: maxLag,
    cpu: (cpu.user + cpu.system) / 1000 / sendMs,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
  };
}
