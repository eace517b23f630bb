/**
 * Shares a read among callers without handing anyone a stale result: a caller gets a read that
 * started after it asked. The first caller starts a read at once; callers that ask while it runs
 * share the next one, which starts when it ends. A burst of N callers makes two reads, not N, and
 * holds two results in memory, not N.
 */
export function shareNextRead<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let queued: Promise<T> | undefined;

  function start(): Promise<T> {
    const current = read();
    running = current;
    const settle = () => {
      if (running === current) running = undefined;
    };
    current.then(settle, settle);
    return current;
  }

  return () => {
    if (queued) return queued;
    if (!running) return start();
    const next = running.then(
      () => undefined,
      () => undefined,
    );
    queued = next.then(() => {
      queued = undefined; // whoever asks from now on asked after this read started: they wait for the one after
      return start();
    });
    return queued;
  };
}
