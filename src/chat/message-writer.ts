/**
 * Group commit: messages that arrive while a write is in flight go into the next batch, one
 * multi-row INSERT in one transaction. Batches run one at a time, so ids (and the order in which
 * `onStored` reports them) follow the order of `write` calls: a socket's messages are stored in the
 * order it sent them and published in id order.
 */
import { StoreUnavailableError } from './errors';
import type { MessageStore } from './ports';
import type { ChannelRecord, MessageDraft, StoredMessage } from './records';

export type StoredInChannel = StoredMessage & { channel: ChannelRecord };

type Pending = {
  draft: MessageDraft;
  channel: ChannelRecord;
  resolve: (stored: StoredMessage) => void;
  reject: (error: unknown) => void;
};

export class MessageWriter {
  private queue: Pending[] = [];
  private flushing = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<MessageStore, 'appendBatch'>,
    /** Called synchronously, in id order, after each batch commits and before any caller resumes. */
    private readonly onStored: (results: StoredInChannel[]) => void,
    private readonly maxBatch = 256,
    /** Waiting messages past which new ones are refused: a store that hangs must not grow the queue forever. */
    private readonly maxQueued = 10_000,
  ) {}

  /**
   * Resolves once the message is committed (or found already stored for its clientId). Rejects
   * with StoreUnavailableError at once while `maxQueued` messages already wait for the store.
   */
  write(channel: ChannelRecord, draft: MessageDraft): Promise<StoredMessage> {
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(new StoreUnavailableError('too many messages waiting for the store'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ draft, channel, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Wait one turn so that messages sent in the same tick share a batch.
        this.idle = new Promise((done) => setImmediate(() => void this.drain().finally(done)));
      }
    });
  }

  /** Resolves when every message written so far has been stored or refused. */
  async settled(): Promise<void> {
    await this.idle;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commit(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    let results: StoredMessage[];
    try {
      results = await this.store.appendBatch(batch.map((pending) => pending.draft));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One bad draft must not sink its neighbours: store them one by one, in order.
      for (const pending of batch) await this.commit([pending]);
      return;
    }
    const reported: StoredInChannel[] = [];
    results.forEach((stored, index) => {
      const pending = batch[index];
      if (pending) reported.push({ ...stored, channel: pending.channel });
    });
    this.onStored(reported);
    batch.forEach((pending, index) => {
      const stored = results[index];
      if (stored) pending.resolve(stored);
      else pending.reject(new Error('store returned fewer results than drafts'));
    });
  }
}
