/**
 * Writes MySQL's word index behind the sends (message-terms.ts, indexPending). A batch that stored
 * messages wakes it; it waits a moment so that the batches of that moment are indexed in one
 * transaction, then indexes until nothing is pending. A slow sweep also takes what another
 * process left pending when it stopped (or crashed) before indexing. Search reads what is pending,
 * so the index's lag never hides a message; it only decides how much search reads besides the index.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { indexPending } from './message-terms';
import type { Database } from './schema';

/** Batches arriving within this long after the first are indexed together. */
const GATHER_MS = 20;
/** Pending messages per transaction. */
const PER_TRANSACTION = 500;
/** How often pending rows left by another process are looked for. */
const SWEEP_MS = 10_000;

export class MessageTermIndexer {
  private timer: NodeJS.Timeout | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
  ) {
    this.sweeper = setInterval(() => this.wake(0), SWEEP_MS).unref();
  }

  /** Messages were stored: index them shortly. */
  wake(delay = GATHER_MS): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.running = this.drain().finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
    }, delay);
  }

  /** Stops waking; waits for the transaction under way. What is left stays pending for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    clearTimeout(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        const taken = await indexPending(this.db, PER_TRANSACTION);
        // Another process's indexer is at work: look again once it is likely done.
        if (taken === 'busy') this.again = true;
        if (taken !== PER_TRANSACTION) return;
      }
    } catch (error) {
      // Left pending, and still found by search; the next wake or sweep tries again.
      this.logger.warn({ err: error }, 'indexing messages for search failed');
    }
  }
}
