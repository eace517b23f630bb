/**
 * Preloaded by the benchmark into the relay and the server (`node --expose-gc --import`):
 * - SIGHUP runs a full garbage collection and writes BENCH_HOOK_DIR/<pid>.memory.json
 *   (process.memoryUsage()), so that RSS per idle socket counts live memory, not GC timing;
 * - SIGUSR2 starts the V8 CPU profiler, the next SIGUSR2 stops it and writes
 *   BENCH_HOOK_DIR/BENCH_PROFILE_NAME-N.cpuprofile, so that a profile covers only the measured load.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_HOOK_DIR ?? '.';
const name = process.env.BENCH_PROFILE_NAME ?? `server-${process.pid}`;
let session;
let count = 0;

process.on('SIGHUP', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  writeFileSync(path.join(dir, `${process.pid}.memory.json`), JSON.stringify(process.memoryUsage()));
});

process.on('SIGUSR2', () => {
  if (!session) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 250 });
    session.post('Profiler.start');
    return;
  }
  const running = session;
  session = undefined;
  running.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(path.join(dir, `${name}-${++count}.cpuprofile`), JSON.stringify(result.profile));
    running.disconnect();
  });
});
