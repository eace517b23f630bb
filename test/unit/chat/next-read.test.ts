import { expect } from 'chai';
import { shareNextRead } from '../../../src/chat/next-read';

/** A read whose results the test hands out one by one. */
function controlledRead() {
  const pending: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  let started = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      started += 1;
      pending.push({ resolve, reject });
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { read, pending, started: () => started, tick };
}

describe('shareNextRead', () => {
  it('starts a read at once for the first caller', async () => {
    const { read, pending, started } = controlledRead();
    const shared = shareNextRead(read);
    const first = shared();
    expect(started()).to.equal(1);
    pending[0]?.resolve(1);
    expect(await first).to.equal(1);
  });

  it('gives callers that ask during a read one shared read that starts after it', async () => {
    const { read, pending, started, tick } = controlledRead();
    const shared = shareNextRead(read);
    const first = shared();
    const [second, third] = [shared(), shared()];
    await tick();
    expect(started(), 'nothing new while the first read runs').to.equal(1);
    pending[0]?.resolve(1);
    await tick();
    expect(started()).to.equal(2);
    pending[1]?.resolve(2);
    expect([await first, await second, await third]).to.deep.equal([1, 2, 2]);
  });

  it('never hands a caller a read that started before it asked', async () => {
    const { read, pending, started, tick } = controlledRead();
    const shared = shareNextRead(read);
    void shared();
    const second = shared();
    pending[0]?.resolve(1);
    await tick();
    expect(started()).to.equal(2); // the second caller's read is running
    const third = shared();
    pending[1]?.resolve(2);
    await tick();
    expect(started()).to.equal(3);
    pending[2]?.resolve(3);
    expect([await second, await third]).to.deep.equal([2, 3]);
  });

  it('fails only the callers of a failed read, and reads again for the next', async () => {
    const { read, pending, tick } = controlledRead();
    const shared = shareNextRead(read);
    const first = shared();
    const second = shared();
    pending[0]?.reject(new Error('database away'));
    await tick();
    pending[1]?.resolve(2);
    const failure = await first.then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).to.equal('database away');
    expect(await second).to.equal(2);
    const third = shared();
    pending[2]?.resolve(3);
    expect(await third).to.equal(3);
  });
});
