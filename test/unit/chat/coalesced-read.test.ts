import { expect } from 'chai';
import { CoalescedRead } from '../../../src/chat/coalesced-read';

/** A read that resolves when told, counting how often it ran. */
function controlledRead() {
  const pending: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  let runs = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      runs++;
      pending.push({ resolve, reject });
    });
  return { read, pending, runs: () => runs };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescedRead', () => {
  it('gives the callers that ask during a read one next read, started after they asked', async () => {
    const source = controlledRead();
    const shared = new CoalescedRead(source.read);
    const first = shared.get();
    const [second, third] = [shared.get(), shared.get()];
    expect(source.runs()).to.equal(1);
    source.pending[0]!.resolve(1); // pending[0] exists: the first read ran
    expect(await first).to.equal(1);
    await tick();
    expect(source.runs()).to.equal(2);
    source.pending[1]!.resolve(2); // the second read ran just above
    expect([await second, await third]).to.deep.equal([2, 2]);
  });

  it('reads again for a caller who asks after a read ended, and after one failed', async () => {
    const source = controlledRead();
    const shared = new CoalescedRead(source.read);
    const failing = shared.get();
    const afterFailure = shared.get();
    source.pending[0]!.reject(new Error('database away')); // the first read ran
    const error = await failing.catch((reason: unknown) => reason);
    expect(error).to.be.instanceOf(Error).with.property('message', 'database away');
    await tick();
    source.pending[1]!.resolve(7); // the queued read started once the first ended
    expect(await afterFailure).to.equal(7);
    const later = shared.get();
    expect(source.runs()).to.equal(3);
    source.pending[2]!.resolve(8); // a third read for the later caller
    expect(await later).to.equal(8);
  });
});
