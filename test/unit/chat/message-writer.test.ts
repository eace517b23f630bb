/**
 * MessageWriter against a fake message store (no database): how writes are grouped into batches,
 * the order of ids, reports and answers, what a failing store does to the waiters, and that a
 * repeated clientId gets the one stored message back.
 */
import { expect } from 'chai';
import { StoreUnavailableError } from '../../../src/chat/errors';
import { MessageWriter, type MessageWriterOptions } from '../../../src/chat/message-writer';
import type { MessageStore } from '../../../src/chat/ports';
import type {
  ChannelRecord,
  HistoryPage,
  MessageDraft,
  MessageRecord,
  MessageWrite,
  StoredMessage,
  WriteResult,
} from '../../../src/chat/records';

type StoredInChannel = StoredMessage & { channel: ChannelRecord };

/** Stores drafts in memory as the store contract says: ids in order, a known clientId not stored twice. */
class FakeMessageStore implements Pick<MessageStore, 'writeBatch'> {
  readonly batches: string[][] = [];
  readonly stored: MessageRecord[] = [];
  /** Makes every appendBatch call reject with this until cleared. */
  failWith: Error | null = null;
  /** Rejects any batch holding a draft with this text (one bad draft among good ones). */
  poison: string | null = null;
  /** Resolves each appendBatch only when the test calls `release` (a slow store). */
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  /** Appends only: actions have their own tests (store contract, realtime). */
  async writeBatch(writes: readonly MessageWrite[]): Promise<WriteResult[]> {
    const drafts = writes.flatMap((write) => (write.kind === 'append' ? [write.draft] : []));
    const stored = await this.appendBatch(drafts);
    return stored.map((result) => ({ kind: 'append', stored: result }));
  }

  async appendBatch(drafts: readonly MessageDraft[]): Promise<StoredMessage[]> {
    this.batches.push(drafts.map((draft) => draft.text));
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    if (this.poison !== null && drafts.some((draft) => draft.text === this.poison)) throw new RangeError('bad draft');
    return drafts.map((draft) => {
      const known =
        draft.clientId === null
          ? undefined
          : this.stored.find(
              (m) => m.channelId === draft.channelId && m.senderId === draft.senderId && m.clientId === draft.clientId,
            );
      if (known) return { message: { ...known }, created: false };
      const message: MessageRecord = {
        id: String(this.stored.length + 1),
        channelId: draft.channelId,
        senderId: draft.senderId,
        senderName: `name-${draft.senderId}`,
        text: draft.text,
        createdAt: draft.createdAt,
        clientId: draft.clientId,
      };
      this.stored.push(message);
      return { message: { ...message }, created: true };
    });
  }

  async page(): Promise<HistoryPage> {
    throw new Error('not used by MessageWriter');
  }
}

const everyone: ChannelRecord = {
  id: 'c1',
  kind: 'everyone',
  name: null,
  isPrivate: false,
  directPair: null,
  createdBy: null,
  createdAt: 0,
};

function draft(text: string, clientId: string | null = null, senderId = 'u1'): MessageDraft {
  return { channelId: everyone.id, senderId, text, clientId, createdAt: 1 };
}

/** Lets pending promise callbacks and the writer's setImmediate turn run. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('MessageWriter', () => {
  let store: FakeMessageStore;
  let reports: StoredInChannel[][];
  let writer: MessageWriter;

  function setup(options: MessageWriterOptions = {}): void {
    store = new FakeMessageStore();
    reports = [];
    writer = new MessageWriter(
      store,
      (written) =>
        reports.push(written.flatMap(({ result, channel }) => (result.kind === 'append' ? [{ ...result.stored, channel }] : []))),
      options,
    );
  }

  beforeEach(() => setup());

  it('stores the messages written in one tick as one batch', async () => {
    const answers = await Promise.all(['a', 'b', 'c'].map((text) => writer.write(everyone, draft(text))));
    expect(store.batches).to.deep.equal([['a', 'b', 'c']]);
    expect(answers.map((answer) => answer.message.text)).to.deep.equal(['a', 'b', 'c']);
    expect(reports).to.have.length(1);
    expect(reports[0]?.map((report) => [report.message.text, report.channel.id])).to.deep.equal([
      ['a', 'c1'],
      ['b', 'c1'],
      ['c', 'c1'],
    ]);
  });

  it('groups what arrives during a write into the next batch, one batch at a time, ids in write order', async () => {
    store.hold();
    const first = writer.write(everyone, draft('1'));
    await nextTurn();
    expect(store.batches).to.deep.equal([['1']]);
    const later = ['2', '3', '4'].map((text) => writer.write(everyone, draft(text)));
    await nextTurn();
    expect(store.batches, 'no second batch while the first is in flight').to.have.length(1);
    store.release();
    const answers = await Promise.all([first, ...later]);
    await writer.settled();
    expect(store.batches).to.deep.equal([['1'], ['2', '3', '4']]);
    expect(answers.map((answer) => answer.message.id)).to.deep.equal(['1', '2', '3', '4']);
    expect(reports.map((batch) => batch.map((report) => report.message.id))).to.deep.equal([['1'], ['2', '3', '4']]);
  });

  it('splits a long queue into batches of at most maxBatch, in order', async () => {
    setup({ maxBatch: 2 });
    const texts = ['a', 'b', 'c', 'd', 'e'];
    const answers = await Promise.all(texts.map((text) => writer.write(everyone, draft(text))));
    expect(store.batches).to.deep.equal([['a', 'b'], ['c', 'd'], ['e']]);
    expect(answers.map((answer) => answer.message.text)).to.deep.equal(texts);
    expect(reports.flat().map((report) => report.message.id)).to.deep.equal(['1', '2', '3', '4', '5']);
  });

  it('reports a batch before any of its writers resumes', async () => {
    const seenByWriter: number[] = [];
    await Promise.all(
      ['a', 'b'].map((text) => writer.write(everyone, draft(text)).then(() => seenByWriter.push(reports.length))),
    );
    expect(seenByWriter).to.deep.equal([1, 1]);
  });

  it('fails every waiter of a batch when the store is down, reports nothing, and works again after', async () => {
    const down = new StoreUnavailableError('database unreachable');
    store.failWith = down;
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((text) => writer.write(everyone, draft(text))));
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
    for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).to.equal(down);
    expect(reports).to.deep.equal([]);
    expect(store.stored).to.deep.equal([]);

    store.failWith = null;
    const again = await writer.write(everyone, draft('d'));
    expect(again).to.deep.include({ created: true });
    expect(again.message.text).to.equal('d');
  });

  it('stores the neighbours of one bad draft one by one, in order, failing only its writer', async () => {
    store.poison = 'bad';
    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map((text) => writer.write(everyone, draft(text))));
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.batches).to.deep.equal([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(store.stored.map((message) => message.text)).to.deep.equal(['a', 'c']);
    expect(reports.map((batch) => batch.map((report) => report.message.text))).to.deep.equal([['a'], ['c']]);
  });

  it('answers a repeated clientId with the one stored message, in the same batch and in a later one', async () => {
    const [first, repeat, other] = await Promise.all([
      writer.write(everyone, draft('hello', 'k1')),
      writer.write(everyone, draft('hello again', 'k1')),
      writer.write(everyone, draft('hello', 'k1', 'u2')),
    ]);
    expect(first).to.deep.include({ created: true });
    expect(repeat?.created).to.equal(false);
    expect(repeat?.message).to.deep.equal(first?.message);
    expect(other?.created, 'the same clientId from another sender is another message').to.equal(true);
    expect(other?.message.id).to.not.equal(first?.message.id);

    const retried = await writer.write(everyone, draft('hello', 'k1'));
    expect(retried.created).to.equal(false);
    expect(retried.message.id).to.equal(first?.message.id);
    expect(store.stored).to.have.length(2);
    expect(reports.flat().map((report) => [report.message.id, report.created])).to.deep.equal([
      ['1', true],
      ['1', false],
      ['2', true],
      ['1', false],
    ]);
  });

  it('refuses at once, unavailable, while maxQueued messages already wait', async () => {
    setup({ maxQueued: 2 });
    store.hold();
    const waiting = [writer.write(everyone, draft('a')), writer.write(everyone, draft('b'))];
    const refused = await writer.write(everyone, draft('c')).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(StoreUnavailableError);
    store.release();
    expect((await Promise.all(waiting)).map((answer) => answer.message.text)).to.deep.equal(['a', 'b']);
  });

  it('settles once everything written so far is stored or refused', async () => {
    store.hold();
    let done = false;
    void writer.write(everyone, draft('a')).catch(() => undefined);
    const settled = writer.settled().then(() => (done = true));
    await nextTurn();
    expect(done).to.equal(false);
    store.release();
    await settled;
    expect(store.stored.map((message) => message.text)).to.deep.equal(['a']);
  });
});
