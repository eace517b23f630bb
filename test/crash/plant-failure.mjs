// Preloaded into the server process by process-errors.test.ts: on SIGUSR2 it throws where nobody
// catches (PLANT=exception) or rejects a promise nobody handles (otherwise).
process.on('SIGUSR2', () => {
  if (process.env.PLANT === 'exception')
    setImmediate(() => {
      throw new Error('planted exception');
    });
  else void Promise.reject(new Error('planted rejection'));
});
