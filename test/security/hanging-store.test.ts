/**
 * A message store that never answers must not make the server do unbounded work: the writer's
 * queue refuses new messages once full, and every socket event is answered by the ack deadline.
 */
import { expect } from 'chai';
import { StoreUnavailableError } from '../../src/chat/errors';
import { MessageWriter } from '../../src/chat/message-writer';
import type { MessageStore } from '../../src/chat/ports';
import type { ChannelRecord, MessageDraft } from '../../src/chat/records';

const channel: ChannelRecord = {
  id: '1',
  kind: 'everyone',
  name: null,
  isPrivate: false,
  directPair: null,
  createdBy: null,
  createdAt: 0,
};

const draft = (n: number): MessageDraft => ({ channelId: '1', senderId: '1', text: `m${n}`, clientId: `c${n}`, createdAt: n });

describe('MessageWriter with a store that hangs', () => {
  it('refuses new messages with StoreUnavailableError once maxQueued wait, and keeps the ones queued', async () => {
    const hanging: MessageStore = {
      appendBatch: () => new Promise(() => undefined), // never settles, like a frozen database
      writeBatch: () => new Promise(() => undefined),
      page: () => new Promise(() => undefined),
      hasEarlier: () => new Promise(() => undefined),
      find: () => new Promise(() => undefined),
      findByClientId: () => new Promise(() => undefined),
      search: () => new Promise(() => undefined),
    };
    const writer = new MessageWriter(hanging, () => undefined, { maxBatch: 1, maxQueued: 3 });
    const settled: string[] = [];
    const track = (n: number) =>
      writer.write(channel, draft(n)).then(
        () => settled.push(`${n} ok`),
        (error: unknown) => settled.push(`${n} ${error instanceof StoreUnavailableError ? 'unavailable' : 'other'}`),
      );
    void track(0); // taken into the batch that hangs
    await new Promise((resolve) => setImmediate(resolve));
    for (let n = 1; n <= 5; n++) void track(n);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).to.deep.equal(['4 unavailable', '5 unavailable']);
  });
});
