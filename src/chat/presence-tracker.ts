/**
 * Many tabs are one presence. A user comes online with their first socket and goes offline a short
 * grace after their last one goes, so that a page reload does not flicker them offline and back.
 *
 * With several processes on one store, each process beats (`startHeartbeat`) and sweeps: the users
 * of a process that died without a word (SIGKILL, a lost machine) are announced offline by whichever
 * live process clears them, at most `deadAfterMs` plus one interval after its last beat.
 */
import type { GoneUser, PresenceStore } from './ports';

export type PresenceHandlers = {
  /** A user came online or went offline on this process's watch. */
  changed(userId: string, online: boolean): Promise<void>;
  /** A user's last socket was on a process that is gone. */
  gone(user: GoneUser): Promise<void>;
  failed(error: unknown, what: string): void;
};

export type HeartbeatOptions = {
  /** How often this process beats and sweeps. */
  intervalMs: number;
  /** A process silent for longer than this is declared dead. */
  deadAfterMs: number;
};

type Heartbeat = {
  timer: NodeJS.Timeout;
  running?: Promise<void>;
  /** When this process last beat (its own monotonic clock), and before when it must not sweep. */
  lastBeatAt: number;
  sweepNotBefore: number;
};
type PendingOffline = { timer: NodeJS.Timeout; settled: Promise<void>; cancel(): void };

export class PresenceTracker {
  private readonly pendingOffline = new Map<string, PendingOffline>();
  /** This process's own sockets by user: registered again if it is ever declared dead while alive. */
  private readonly local = new Map<string, Set<string>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private heartbeat: Heartbeat | undefined;

  constructor(
    private readonly store: PresenceStore,
    private readonly handlers: PresenceHandlers,
    private readonly graceMs: number,
  ) {}

  connect(userId: string, socketId: string): Promise<void> {
    return this.track(this.register(userId, socketId));
  }

  /** Resolves true when this was the user's last socket (their offline notice follows after the grace). */
  disconnect(userId: string, socketId: string): Promise<boolean> {
    return this.track(this.unregister(userId, socketId));
  }

  isOnline(userId: string): Promise<boolean> {
    return this.store.isOnline(userId);
  }

  onlineUserIds(): Promise<string[]> {
    return this.store.onlineUserIds();
  }

  onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    return this.store.onlineAmong(userIds);
  }

  socketCount(userId: string): Promise<number> {
    return this.store.socketCount(userId);
  }

  /**
   * Joins the processes sharing the store: beats now (throwing when the store cannot be reached),
   * then beats and sweeps every `intervalMs`.
   */
  async startHeartbeat(options: HeartbeatOptions): Promise<void> {
    if (this.heartbeat) return;
    await this.store.heartbeat();
    const heartbeat: Heartbeat = {
      timer: setInterval(() => void this.tick(heartbeat, options), options.intervalMs), // beat() catches its errors
      lastBeatAt: performance.now(),
      sweepNotBefore: 0,
    };
    heartbeat.timer.unref();
    this.heartbeat = heartbeat;
    await this.tick(heartbeat, options);
  }

  /**
   * This process stops, its sockets already disconnected: waits for their bookkeeping, lets the
   * pending offline notices go out after their grace (clients reconnecting to another process in
   * the meantime are not flickered offline), then leaves the store, announcing anyone still left.
   * Without a heartbeat (a single process, tests) the pending notices are dropped, as nobody is
   * left to hear them.
   */
  async leave(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    const heartbeat = this.heartbeat;
    if (!heartbeat) return this.close();
    this.heartbeat = undefined;
    clearInterval(heartbeat.timer);
    await heartbeat.running;
    await Promise.all([...this.pendingOffline.values()].map((pending) => pending.settled));
    try {
      for (const user of await this.store.leave()) await this.handlers.gone(user);
    } catch (error) {
      this.handlers.failed(error, 'leaving shared presence failed');
    }
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat.timer);
    this.heartbeat = undefined;
    for (const pending of this.pendingOffline.values()) pending.cancel();
    this.pendingOffline.clear();
  }

  private async register(userId: string, socketId: string): Promise<void> {
    const sockets = this.local.get(userId) ?? new Set<string>();
    this.local.set(userId, sockets.add(socketId));
    const first = await this.store.addSocket(userId, socketId);
    const pending = this.pendingOffline.get(userId);
    if (pending) {
      // Back within the grace: nobody was told they left, so nobody is told they came.
      pending.cancel();
      this.pendingOffline.delete(userId);
      return;
    }
    if (first) await this.handlers.changed(userId, true);
  }

  private async unregister(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.local.get(userId);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.local.delete(userId);
    const last = await this.store.removeSocket(userId, socketId);
    if (last && !this.pendingOffline.has(userId)) this.scheduleOffline(userId);
    return last;
  }

  /** A beat that outlasts the interval (Redis slow or away) is not stacked with the next one. */
  private tick(heartbeat: Heartbeat, options: HeartbeatOptions): Promise<void> {
    heartbeat.running ??= this.beat(heartbeat, options).finally(() => {
      heartbeat.running = undefined;
    });
    return heartbeat.running;
  }

  private async beat(heartbeat: Heartbeat, options: HeartbeatOptions): Promise<void> {
    try {
      if (await this.store.heartbeat()) await this.registerAgain();
      const now = performance.now();
      // Cut off ourselves for longer than the dead time (Redis away, a stall): the others were
      // most likely cut off too and have not beaten since. Give them two beats before judging them.
      if (now - heartbeat.lastBeatAt > options.deadAfterMs) heartbeat.sweepNotBefore = now + 2 * options.intervalMs;
      heartbeat.lastBeatAt = now;
      if (now < heartbeat.sweepNotBefore) return;
      for (const user of await this.store.sweep(options.deadAfterMs)) await this.handlers.gone(user);
    } catch (error) {
      this.handlers.failed(error, 'presence heartbeat failed');
    }
  }

  /** Declared dead while alive: this process's sockets were swept, so they are registered anew. */
  private async registerAgain(): Promise<void> {
    for (const [userId, sockets] of this.local) {
      let first = false;
      for (const socketId of sockets) first = (await this.store.addSocket(userId, socketId)) || first;
      if (first) await this.handlers.changed(userId, true);
    }
  }

  private scheduleOffline(userId: string): void {
    let finish: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const timer = setTimeout(() => {
      this.pendingOffline.delete(userId);
      this.store
        .isOnline(userId)
        .then(
          (online) => (online ? undefined : this.handlers.changed(userId, false)),
          () => this.handlers.changed(userId, false),
        )
        .finally(finish);
    }, this.graceMs);
    timer.unref();
    this.pendingOffline.set(userId, {
      timer,
      settled,
      cancel() {
        clearTimeout(timer);
        finish();
      },
    });
  }

  private track<T>(operation: Promise<T>): Promise<T> {
    this.inFlight.add(operation);
    void operation.then(
      () => this.inFlight.delete(operation),
      () => this.inFlight.delete(operation),
    );
    return operation;
  }
}
