import { expect } from 'chai';
import { laneOfChannel } from '../../../src/chat/message-writer';
import type { ReadRequest } from '../../../src/chat/ports';
import { LanedReadBatcher } from '../../../src/chat/read-batcher';

/** A store whose batches finish when told, recording what each batch held. */
function controlledStore() {
  const batches: { reads: readonly ReadRequest[]; finish: () => void }[] = [];
  return {
    batches,
    markReadMany(reads: readonly ReadRequest[]) {
      return new Promise<undefined[]>((resolve) => batches.push({ reads, finish: () => resolve(reads.map(() => undefined)) }));
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Two channel ids that fall in different lanes of two. */
function channelsInBothLanes(): [string, string] {
  const ids = Array.from({ length: 20 }, (_, i) => String(i + 1));
  const first = ids.find((id) => laneOfChannel(id, 2) === 0);
  const second = ids.find((id) => laneOfChannel(id, 2) === 1);
  if (!first || !second) throw new Error('no channel ids in both lanes');
  return [first, second];
}

describe('LanedReadBatcher', () => {
  it("stores the reads of two lanes at once, and a lane's later reads only after its batch in flight", async () => {
    const store = controlledStore();
    const reads = new LanedReadBatcher(store, 2);
    const [a, b] = channelsInBothLanes();
    const done: string[] = [];
    const mark = (channelId: string, messageId: string) =>
      void reads.mark({ channelId, userId: 'u', messageId }).then(() => done.push(`${channelId}:${messageId}`));
    mark(a, '1');
    mark(b, '1');
    await turn();
    expect(store.batches.map((batch) => batch.reads.map((read) => read.channelId))).to.deep.equal([[a], [b]]);
    mark(a, '2'); // the same channel as a batch in flight: waits for it
    await turn();
    expect(store.batches).to.have.length(2);
    store.batches[0]!.finish(); // the first lane's batch (the list holds two)
    await turn();
    await turn();
    expect(store.batches).to.have.length(3);
    expect(store.batches[2]!.reads.map((read) => read.messageId)).to.deep.equal(['2']); // pushed just above
    for (const batch of store.batches.slice(1)) batch.finish();
    await reads.settled();
    expect(done).to.have.members([`${a}:1`, `${b}:1`, `${a}:2`]);
    expect(done.indexOf(`${a}:2`)).to.be.above(done.indexOf(`${a}:1`));
  });

  it('keeps one batch in flight with one lane, as SQLite has', async () => {
    const store = controlledStore();
    const reads = new LanedReadBatcher(store, 1);
    const [a, b] = channelsInBothLanes();
    void reads.mark({ channelId: a, userId: 'u', messageId: '1' });
    await turn();
    void reads.mark({ channelId: b, userId: 'u', messageId: '1' });
    await turn();
    expect(store.batches).to.have.length(1);
    store.batches[0]!.finish(); // the only batch so far
    await turn();
    await turn();
    expect(store.batches).to.have.length(2);
    store.batches[1]!.finish(); // started once the first ended
    await reads.settled();
  });
});
