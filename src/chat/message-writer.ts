/**
 * Group commit, in lanes. Writes (new messages, and actions on stored ones) that arrive while a
 * lane's batch is in flight go into its next batch: one transaction, one commit. A channel always
 * maps to the same lane, and a lane runs one batch at a time, in the order of the writes: so within
 * a channel ids, and the order in which `onStored` reports messages and changes, follow the order
 * of the `write`/`act` calls (a socket's messages are stored in the order it sent them and
 * published in id order). Lanes commit independently: with several, more than one commit is in
 * flight, for different channels.
 */
import { StoreUnavailableError } from './errors';
import type { MessageStore } from './ports';
import type {
  ActionOutcome,
  ChannelRecord,
  MessageAction,
  MessageDraft,
  MessageWrite,
  StoredMessage,
  WriteResult,
} from './records';

/** A committed write with its result and its channel, as `onStored` reports it. */
export type Written = { result: WriteResult; channel: ChannelRecord };

/** The lane of a channel: the same lane for the same channel, always. */
export type LaneOf = (channelId: string, lanes: number) => number;

/** A hash of the id: channel ids are opaque strings. */
export const laneOfChannel: LaneOf = (channelId, lanes) => {
  let hash = 0;
  for (let i = 0; i < channelId.length; i++) hash = (Math.imul(hash, 31) + channelId.charCodeAt(i)) >>> 0;
  return hash % lanes;
};

export type MessageWriterOptions = {
  /** Batches that may be in flight at once, each for its own channels (default 1). */
  lanes?: number;
  laneOf?: LaneOf;
  maxBatch?: number;
  /** Waiting writes past which new ones are refused: a store that hangs must not grow the queue forever. */
  maxQueued?: number;
};

type Pending = {
  write: MessageWrite;
  channel: ChannelRecord;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
};

type Lane = { queue: Pending[]; flushing: boolean; idle: Promise<void> };

export class MessageWriter {
  private readonly lanes: Lane[];
  private readonly laneOf: LaneOf;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private queued = 0;

  constructor(
    private readonly store: Pick<MessageStore, 'writeBatch'>,
    /** Called synchronously, in write order within the lane, after each batch commits and before any caller resumes. */
    private readonly onStored: (written: Written[]) => void,
    options: MessageWriterOptions = {},
  ) {
    const count = options.lanes ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('A writer needs at least one lane');
    this.lanes = Array.from({ length: count }, () => ({ queue: [], flushing: false, idle: Promise.resolve() }));
    this.laneOf = options.laneOf ?? laneOfChannel;
    this.maxBatch = options.maxBatch ?? 256;
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  /**
   * Resolves once the message is committed (or found already stored for its clientId). Rejects
   * with StoreUnavailableError at once while `maxQueued` writes already wait for the store.
   */
  async write(channel: ChannelRecord, draft: MessageDraft): Promise<StoredMessage> {
    const result = await this.enqueue(channel, { kind: 'append', draft });
    if (result.kind !== 'append') throw new Error('The store answered an append with another result');
    return result.stored;
  }

  /** Resolves once the action is committed, to its outcome (refusals included); rejects as `write` does. */
  async act(channel: ChannelRecord, action: MessageAction): Promise<ActionOutcome> {
    const result = await this.enqueue(channel, { kind: 'action', action });
    if (result.kind !== 'action') throw new Error('The store answered an action with another result');
    return result.outcome;
  }

  /** Resolves when every write made so far has been stored or refused. */
  async settled(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.idle));
  }

  private enqueue(channel: ChannelRecord, write: MessageWrite): Promise<WriteResult> {
    if (this.queued >= this.maxQueued) {
      return Promise.reject(new StoreUnavailableError('too many messages waiting for the store'));
    }
    const index = this.laneOf(channel.id, this.lanes.length);
    const lane = this.lanes[index];
    if (!lane) return Promise.reject(new RangeError(`No writer lane ${index}`));
    this.queued++;
    return new Promise((resolve, reject) => {
      lane.queue.push({ write, channel, resolve, reject });
      if (!lane.flushing) {
        lane.flushing = true;
        // Wait one turn so that writes made in the same tick share a batch.
        lane.idle = new Promise((done) => setImmediate(() => void this.drain(lane).finally(done)));
      }
    });
  }

  private async drain(lane: Lane): Promise<void> {
    try {
      while (lane.queue.length > 0) {
        const batch = lane.queue.splice(0, this.maxBatch);
        this.queued -= batch.length;
        await this.commit(batch);
      }
    } finally {
      lane.flushing = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    let results: WriteResult[];
    try {
      results = await this.store.writeBatch(batch.map((pending) => pending.write));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One bad write must not sink its neighbours: store them one by one, in order.
      for (const pending of batch) await this.commit([pending]);
      return;
    }
    const written: Written[] = [];
    results.forEach((result, index) => {
      const pending = batch[index];
      if (pending) written.push({ result, channel: pending.channel });
    });
    this.onStored(written);
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result) pending.resolve(result);
      else pending.reject(new Error('store returned fewer results than writes'));
    });
  }
}
