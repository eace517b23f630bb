/**
 * Preloaded into the server by the capacity scenario (`node --import`): the server's own event-loop
 * delay, measured inside it with perf_hooks.monitorEventLoopDelay (what prom-client's
 * nodejs_eventloop_lag_* gauges read), until /metrics (issue 15) can be scraped instead. SIGWINCH
 * writes BENCH_HOOK_DIR/<pid>.loop.json with the delays since the previous SIGWINCH, in ms beyond
 * the 10 ms sampling timer, and starts a new window.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
const dir = process.env.BENCH_HOOK_DIR ?? '.';
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

const lag = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

process.on('SIGWINCH', () => {
  const window = {
    samples: histogram.count,
    p50: lag(histogram.percentile(50)),
    p99: lag(histogram.percentile(99)),
    max: lag(histogram.max),
    mean: lag(histogram.mean),
  };
  histogram.reset();
  writeFileSync(path.join(dir, `${process.pid}.loop.json`), JSON.stringify(window));
});
