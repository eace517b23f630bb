/**
 * Broadcasts to many sockets written a slice at a time, one slice per event-loop turn: an
 * `everyone` message to 10,000 sockets held the loop for about 150 ms in one go (docs/performance.md,
 * capacity), and every ack, read and history page of the site waited behind it. The CPU is the
 * same; the stall is bounded by a slice.
 *
 * Per-socket order is kept: a socket gets its frames in emit order, because a broadcast that
 * reaches a socket still waiting for an earlier broadcast's frame queues behind it, and a small
 * broadcast whose sockets wait for nothing is written at once. The adapter still encodes each
 * packet once; only the pass of writes is spread. Works on the in-memory adapter and on the Redis
 * adapter alike (both broadcast through `_encode` then `apply`, for their own and for other
 * processes' packets), so it wraps whichever the server uses.
 */
import type { Namespace } from 'socket.io';
import type { Adapter, BroadcastOptions } from 'socket.io-adapter';

/** Sockets written per event-loop turn: about 15 µs each here, so a few ms a slice. */
export const BROADCAST_SLICE = 500;

type Target = object;
type Write = (socket: Target) => void;
type Job = { targets: Target[]; write: Write; next: number };

/** The writes still owed, in emit order, and how many each waiting socket is owed. */
export class SocketWriteQueue {
  private readonly jobs: Job[] = [];
  private readonly owed = new Map<Target, number>();
  private scheduled = false;

  constructor(private readonly slice: number = BROADCAST_SLICE) {}

  /** Writes to each target now if it can without passing an earlier write; queues the rest in order. */
  write(targets: Target[], write: Write): void {
    if (this.jobs.length === 0 && targets.length <= this.slice) {
      for (const target of targets) write(target);
      return;
    }
    if (targets.length <= this.slice && !targets.some((target) => this.owed.has(target))) {
      for (const target of targets) write(target);
      return;
    }
    for (const target of targets) this.owed.set(target, (this.owed.get(target) ?? 0) + 1);
    this.jobs.push({ targets, write, next: 0 });
    // The first slice at once when nothing is ahead of it: slicing adds no delay to the first sockets.
    if (this.jobs.length === 1) this.pump();
  }

  /** Sockets still owed a write (for tests and metrics). */
  get waiting(): number {
    return this.owed.size;
  }

  private readonly pump = (): void => {
    this.scheduled = false;
    let budget = this.slice;
    while (budget > 0 && this.jobs.length > 0) {
      const job = this.jobs[0]!; // jobs is not empty (loop condition)
      while (budget > 0 && job.next < job.targets.length) {
        const target = job.targets[job.next++]!; // next < length (loop condition)
        budget--;
        const left = (this.owed.get(target) ?? 1) - 1;
        if (left === 0) this.owed.delete(target);
        else this.owed.set(target, left);
        job.write(target);
      }
      if (job.next === job.targets.length) this.jobs.shift();
    }
    if (this.jobs.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.pump);
    }
  };
}

/** The two steps of Adapter.broadcast this wraps; `_encode` is private in the adapter's types. */
type Internals = {
  _encode(packet: { id?: number }, packetOptions: unknown): unknown;
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
    let broadcasting = false;
    internals._encode = (packet, packetOptions) => {
      // A packet with an id expects acks, counted right after `apply` returns: written at once.
      broadcasting = packet.id === undefined;
      return encode(packet, packetOptions);
    };
    internals.apply = (options, callback) => {
      if (!broadcasting) return apply(options, callback);
      broadcasting = false;
      const targets: Target[] = [];
      apply(options, (socket) => targets.push(socket));
      queue.write(targets, callback);
    };
    return adapter;
  };
}
