/**
 * A semaphore with a short, bounded queue: at most `concurrency` tasks run, at most `maxQueued` wait
 * (each for at most `maxWaitMs`), and anything beyond is refused at once with OverloadedError. Used
 * for bcrypt, whose threads would otherwise take every core from the event loop under a login burst.
 */
import { OverloadedError } from '../chat/errors';

export type WorkGateOptions = {
  concurrency: number;
  maxQueued: number;
  maxWaitMs: number;
  /** Seconds announced to refused callers. */
  retryAfterSec: number;
  /** Told the running and waiting counts whenever they change. */
  onChange?: (running: number, waiting: number) => void;
};

type Waiter = { start: () => void; timer: NodeJS.Timeout };

export class WorkGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: WorkGateOptions) {}

  /** Runs `task` when a slot is free; rejects with OverloadedError when the queue is full or the wait too long. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running += 1;
      this.changed();
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxQueued) return Promise.reject(this.refusal());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        // The slot passes straight from the releasing task: `running` does not change.
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          this.changed();
          reject(this.refusal());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
      this.changed();
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running -= 1;
    this.changed();
  }

  private refusal(): OverloadedError {
    return new OverloadedError('password hashing is at capacity', this.options.retryAfterSec);
  }

  private changed(): void {
    this.options.onChange?.(this.running, this.waiting.length);
  }
}
