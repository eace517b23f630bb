/**
 * Preloaded by the benchmark into the relay and the server (`node --expose-gc --import`):
 * - SIGHUP runs a full garbage collection and writes BENCH_HOOK_DIR/<pid>.memory.json
 *   (process.memoryUsage(), and V8's heap spaces under `spaces`), so that RSS per idle socket
 *   counts live memory, not GC timing;
 * - SIGUSR2 starts the V8 CPU profiler, the next SIGUSR2 stops it and writes
 *   BENCH_HOOK_DIR/BENCH_PROFILE_NAME-N.cpuprofile, so that a profile covers only the measured load.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import v8 from 'node:v8';

const dir = process.env.BENCH_HOOK_DIR ?? '.';
const name = process.env.BENCH_PROFILE_NAME ?? `server-${process.pid}`;
let session;
let count = 0;

process.on('SIGHUP', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((space) => [space.space_name, { size: space.space_size, used: space.space_used_size }]),
  );
  writeFileSync(path.join(dir, `${process.pid}.memory.json`), JSON.stringify({ ...process.memoryUsage(), spaces }));
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
