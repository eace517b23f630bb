/**
 * (f) Logins during chat: the same step of (a) at half the knee twice, first alone, then with
 * logins through the real form (GET /login, POST /login: bcrypt compare) sent open-loop at a set
 * rate. The ratio of the two p99s is the cost of logging in on chat latency.
 */
import { logIn, type BenchUser } from '../lib/accounts';
import { runStep, type Fleet, type StepResult } from '../lib/fleet';
import type { Sizes } from '../lib/options';
import { percentiles, type Percentiles } from '../lib/stats';

export type LoginsResult = {
  rate: number;
  baseline: StepResult;
  withLogins: StepResult;
  /** `refused`: answered 503 at once because password hashing was at capacity (PASSWORD_HASH_*); other failures are `failed`. */
  logins: { attempted: number; ok: number; refused: number; failed: number; perSec: number; latency: Percentiles };
};

async function loginLoad(baseUrl: string, users: readonly BenchUser[], rate: number, durationMs: number) {
  const total = Math.round((rate * durationMs) / 1000);
  const samples: number[] = [];
  let ok = 0;
  let refused = 0;
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let lastDone = start;
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const user = users[i % users.length];
    if (!user) break;
    const sentAt = performance.now();
    inFlight.push(
      logIn(baseUrl, user.username, user.password).then(
        () => {
          ok++;
          lastDone = performance.now();
          samples.push(lastDone - sentAt);
        },
        (error: unknown) => {
          if (String(error).includes('hashing at capacity')) refused++;
          else failed++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return {
    attempted: total,
    ok,
    refused,
    failed,
    perSec: (ok * 1000) / (lastDone - start),
    latency: percentiles([Float64Array.from(samples)]),
  };
}

export async function loginsDuringChat(
  fleet: Fleet,
  rate: number,
  sizes: Sizes,
  loginUsers: readonly BenchUser[],
  servicePids: readonly number[],
): Promise<LoginsResult> {
  const timing = { stepMs: sizes.stepMs, warmupMs: sizes.warmupMs, drainMs: sizes.drainMs };
  await runStep(
    fleet,
    Math.min(rate, 500),
    { stepMs: Math.min(1000, timing.stepMs / 2), warmupMs: 0, drainMs: 3000 },
    servicePids,
  );
  const baseline = await runStep(fleet, rate, timing, servicePids);
  const [withLogins, logins] = await Promise.all([
    runStep(fleet, rate, timing, servicePids),
    loginLoad(fleet.target.url, loginUsers, sizes.loginRate, timing.warmupMs + timing.stepMs),
  ]);
  return { rate, baseline, withLogins, logins };
}
