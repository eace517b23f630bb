import { expect } from 'chai';
import { OverloadedError } from '../../../src/chat/errors';
import { WorkGate } from '../../../src/security/work-gate';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('WorkGate', () => {
  it('runs at most `concurrency` tasks, queues up to `maxQueued`, and refuses the rest at once', async () => {
    const counts: [number, number][] = [];
    const gate = new WorkGate({
      concurrency: 2,
      maxQueued: 1,
      maxWaitMs: 60_000,
      retryAfterSec: 3,
      onChange: (running, waiting) => counts.push([running, waiting]),
    });
    const held = deferred();
    let running = 0;
    let most = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await held.promise;
      running -= 1;
      return 'done';
    };
    const results = Array.from({ length: 5 }, () => gate.run(task).catch((error: unknown) => error));
    const refused = await Promise.race([results[3], results[4]]);
    expect(refused).to.be.instanceOf(OverloadedError);
    expect((refused as OverloadedError).retryAfterSec).to.equal(3); // checked to be one just above
    expect(counts.at(-1)).to.deep.equal([2, 1]);
    held.resolve();
    const settled = await Promise.all(results);
    expect(settled.slice(0, 3)).to.deep.equal(['done', 'done', 'done']);
    expect(settled.slice(3).every((error) => error instanceof OverloadedError)).to.equal(true);
    expect(most).to.equal(2);
    expect(counts.at(-1)).to.deep.equal([0, 0]);
  });

  it('refuses a waiting task once it has waited maxWaitMs, and frees its place', async () => {
    const gate = new WorkGate({ concurrency: 1, maxQueued: 1, maxWaitMs: 20, retryAfterSec: 1 });
    const held = deferred();
    const first = gate.run(() => held.promise);
    const waited = await gate.run(() => Promise.resolve('ran')).catch((error: unknown) => error);
    expect(waited).to.be.instanceOf(OverloadedError);
    const queued = gate.run(() => Promise.resolve('ran'));
    held.resolve();
    await first;
    expect(await queued).to.equal('ran');
  });

  it('releases the slot when a task fails', async () => {
    const gate = new WorkGate({ concurrency: 1, maxQueued: 0, maxWaitMs: 1000, retryAfterSec: 1 });
    await gate.run(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(await gate.run(() => Promise.resolve('ok'))).to.equal('ok');
  });
});
