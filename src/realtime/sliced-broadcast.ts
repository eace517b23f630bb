/**
 * Broadcasts to many sockets written a slice at a time, one slice per event-loop turn: an
 * `everyone` message to 10,000 sockets held the loop for about 150 ms in one go (docs/performance.md,
 * capacity), and every ack, read and history page of the site waited behind it. The CPU is the
 * same; the stall is bounded by a slice.
 *
 * Order is kept per socket and conversation, which is what the contract promises (per-channel
 * order on every socket): a broadcast that reaches a socket still owed an earlier frame of the
 * same conversation queues behind it, and one whose sockets are owed nothing of its conversation
 * is written at once, so a direct message does not wait for an `everyone` broadcast to pass its
 * recipient. Frames without a conversation (presence) are ordered among themselves the same way.
 * The adapter still encodes each packet once; only the pass of writes is spread. Works on the
 * in-memory adapter and on the Redis adapter alike (both broadcast through `_encode` then `apply`,
 * for their own and for other processes' packets), so it wraps whichever the server uses.
 */
import type { Namespace } from 'socket.io';
import type { Adapter, BroadcastOptions } from 'socket.io-adapter';

/**
 * Sockets written per event-loop turn: about 15 µs each here, so about 3 ms a slice. In the
 * 10,000-user embedded mix (one run each, 6 December) slices of 500 gave the server a loop delay
 * p99 of 30 ms and `everyone` delivery p99 of 870 ms; 200 gave 15 and 419 ms; 100 gave 16 and
 * 1,228 ms (more turns for each broadcast to finish).
 */
export const BROADCAST_SLICE = 200;

type Target = object;
type Write = (socket: Target) => void;
type Job = { targets: Target[]; write: Write; key: string; next: number };

/** The writes still owed, in emit order, and for each order key the sockets owed a frame of it. */
export class SocketWriteQueue {
  private readonly jobs: Job[] = [];
  private readonly owed = new Map<string, Map<Target, number>>();
  private scheduled = false;

  constructor(private readonly slice: number = BROADCAST_SLICE) {}

  /**
   * Writes to the targets now if that passes no earlier write of the same key (a conversation);
   * otherwise queues them, in order, a slice per event-loop turn.
   */
  write(targets: Target[], write: Write, key = ''): void {
    const owedOfKey = this.owed.get(key);
    if (targets.length <= this.slice && !(owedOfKey && targets.some((target) => owedOfKey.has(target)))) {
      for (const target of targets) write(target);
      return;
    }
    const owing = owedOfKey ?? new Map<Target, number>();
    this.owed.set(key, owing);
    for (const target of targets) owing.set(target, (owing.get(target) ?? 0) + 1);
    this.jobs.push({ targets, write, key, next: 0 });
    // The first slice at once when nothing is ahead of it: slicing adds no delay to the first sockets.
    if (this.jobs.length === 1) this.pump();
  }

  /** Sockets still owed a write, over all keys (for tests). */
  get waiting(): number {
    let count = 0;
    for (const owing of this.owed.values()) count += owing.size;
    return count;
  }

  private readonly pump = (): void => {
    this.scheduled = false;
    let budget = this.slice;
    while (budget > 0 && this.jobs.length > 0) {
      const job = this.jobs[0]!; // jobs is not empty (loop condition)
      const owing = this.owed.get(job.key);
      while (budget > 0 && job.next < job.targets.length) {
        const target = job.targets[job.next++]!; // next < length (loop condition)
        budget--;
        const left = (owing?.get(target) ?? 1) - 1;
        if (left === 0) owing?.delete(target);
        else owing?.set(target, left);
        job.write(target);
      }
      if (job.next === job.targets.length) {
        this.jobs.shift();
        if (owing?.size === 0) this.owed.delete(job.key);
      }
    }
    if (this.jobs.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.pump);
    }
  };
}

/**
 * The order key of a packet: the conversation its payload names (`channelId`, or a channel
 * summary's `id`), else its event name. Event packets are `[name, payload]`.
 */
export function orderKey(packet: { data?: unknown }): string {
  const [name, payload] = Array.isArray(packet.data) ? (packet.data as unknown[]) : [];
  if (payload && typeof payload === 'object') {
    const fields = payload as { channelId?: unknown; id?: unknown };
    if (typeof fields.channelId === 'string') return `c:${fields.channelId}`;
    if (name === 'channelUpdate' && typeof fields.id === 'string') return `c:${fields.id}`;
  }
  return `e:${String(name)}`;
}

/** The two steps of Adapter.broadcast this wraps; `_encode` is private in the adapter's types. */
type Internals = {
  _encode(packet: { id?: number; data?: unknown }, packetOptions: unknown): unknown;
  apply(options: BroadcastOptions, callback: (socket: Target) => void): void;
};

/**
 * An adapter factory for `io.adapter()`: the given adapter (a class such as socket.io-adapter's
 * Adapter, or the Redis adapter's factory) with its broadcasts written in slices.
 */
export function slicedBroadcasts(base: typeof Adapter | ((nsp: Namespace) => Adapter), slice = BROADCAST_SLICE) {
  return function createSlicedAdapter(nsp: Namespace): Adapter {
    // socket.io itself calls `new` on the configured adapter; a factory function returns its object from `new` as well.
    const adapter = new (base as new (nsp: Namespace) => Adapter)(nsp);
    const internals = adapter as unknown as Internals; // the methods exist on every socket.io-adapter Adapter (2.x)
    const encode = internals._encode.bind(adapter);
    const apply = internals.apply.bind(adapter);
    const queue = new SocketWriteQueue(slice);
    // Set by `_encode`, which Adapter.broadcast calls right before its `apply`.
    let broadcastKey: string | undefined;
    internals._encode = (packet, packetOptions) => {
      // A packet with an id expects acks, counted right after `apply` returns: written at once.
      broadcastKey = packet.id === undefined ? orderKey(packet) : undefined;
      return encode(packet, packetOptions);
    };
    internals.apply = (options, callback) => {
      const key = broadcastKey;
      if (key === undefined) return apply(options, callback);
      broadcastKey = undefined;
      const targets: Target[] = [];
      apply(options, (socket) => targets.push(socket));
      queue.write(targets, callback, key);
    };
    return adapter;
  };
}
