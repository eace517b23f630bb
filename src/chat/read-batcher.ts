/**
 * Group commit for read positions, as MessageWriter is for messages. A message to a busy channel
 * brings a `markRead` from everyone who has it open, all at once: each alone cost about nine
 * queries (on SQLite, on the event loop that delivers everything else). Reads that arrive while a
 * batch is in flight go into the next one, and a batch costs the store a fixed number of queries.
 */
import { laneOfChannel } from './message-writer';
import type { ChannelStore, ReadRequest } from './ports';
import type { ChannelSummary } from './records';

type Pending = {
  read: ReadRequest;
  resolve: (summary: ChannelSummary | undefined) => void;
  reject: (error: unknown) => void;
};

export class ReadBatcher {
  private queue: Pending[] = [];
  private flushing = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<ChannelStore, 'markReadMany'>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once stored: to the channel's summary after the move, or undefined when nothing moved. */
  mark(read: ReadRequest): Promise<ChannelSummary | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ read, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      // Wait one turn so that reads that arrived together share a batch.
      this.idle = new Promise((done) => setImmediate(() => void this.drain().finally(done)));
    });
  }

  /** Resolves when every read marked so far has been stored or refused. */
  async settled(): Promise<void> {
    await this.idle;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const summaries = await this.store.markReadMany(batch.map((pending) => pending.read));
          batch.forEach((pending, index) => pending.resolve(summaries[index]));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/**
 * Read batchers by channel, one batch in flight per lane, as the message writer has: on MySQL a
 * lane's batch waits for its round trips while another lane's is stored. A channel always maps to
 * the same lane, so its reads are stored, and their receipts told, in the order they came.
 */
export class LanedReadBatcher {
  private readonly lanes: ReadBatcher[];

  constructor(store: Pick<ChannelStore, 'markReadMany'>, lanes = 1) {
    this.lanes = Array.from({ length: Math.max(1, lanes) }, () => new ReadBatcher(store));
  }

  mark(read: ReadRequest): Promise<ChannelSummary | undefined> {
    return this.lanes[laneOfChannel(read.channelId, this.lanes.length)]!.mark(read); // the hash is below the lane count
  }

  async settled(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.settled()));
  }
}
