/**
 * (a) The knee: the highest rate of one-to-one messages with p99 delivery under 50 ms and nothing
 * lost. The rate doubles from `startRate` until a step fails, then the gap is bisected; a last
 * step at half the knee gives the latency at a comfortable load.
 *
 * (g) The same search with `actionShare` of the traffic being reactions and edits: the rate counts
 * messages and actions together, and delivery covers both (an action is delivered when the
 * partner hears its `messageUpdated`).
 */
import type { Sizes } from '../lib/options';
import { CONTENDED_CORES, runStep, waitQuiet, type Fleet, type StepResult } from '../lib/fleet';

export type KneeResult = {
  knee: number;
  steps: StepResult[];
  half: StepResult | undefined;
  /** Share of the traffic that was message actions; absent for plain messages. */
  actionShare?: number;
};

export type KneeOptions = {
  /** Called once before the measured steps and once after them. */
  toggleProfile?: () => void;
  actionShare?: number;
};

const MAX_RATE = 64_000;
const MIN_RATE = 100;
const round = (rate: number) => Math.max(MIN_RATE, Math.round(rate / 100) * 100);

export async function findKnee(
  fleet: Fleet,
  sizes: Sizes,
  servicePids: readonly number[],
  log: (line: string) => void,
  { toggleProfile, actionShare = 0 }: KneeOptions = {},
): Promise<KneeResult> {
  const timing = { stepMs: sizes.stepMs, warmupMs: sizes.warmupMs, drainMs: sizes.drainMs };
  const steps: StepResult[] = [];
  const measure = async (rate: number) => {
    if (sizes.quietWaitMs > 0) await waitQuiet(fleet, servicePids, sizes.quietWaitMs);
    let step = await runStep(fleet, rate, timing, servicePids, actionShare);
    if (!step.pass && step.otherCpu > CONTENDED_CORES && sizes.quietWaitMs > 0) {
      // Failed while other processes took CPU: once more, after waiting for a quieter machine.
      log(`  ${fleet.target.name} ${rate}/s failed with other processes on ${step.otherCpu.toFixed(2)} cores; again`);
      await waitQuiet(fleet, servicePids, sizes.quietWaitMs * 2);
      step = await runStep(fleet, rate, timing, servicePids, actionShare);
    }
    steps.push(step);
    const mark = step.pass ? 'pass' : `fail (${step.why})`;
    const flag = `${step.genSaturated ? ' [generator saturated]' : ''}${step.otherCpu > CONTENDED_CORES ? ` [other processes ${step.otherCpu.toFixed(2)} cores]` : ''}`;
    const actions = step.actionDelivery ? `  actions p99 ${step.actionDelivery.p99.toFixed(2)} ms` : '';
    log(
      `  ${fleet.target.name} ${String(rate).padStart(6)}/s${actionShare > 0 ? ' mixed' : ''}  delivery p50 ${step.delivery.p50.toFixed(2)} p99 ${step.delivery.p99.toFixed(2)} ms${actions}` +
        `  server ${(step.serverCpu * 100).toFixed(0)}%  gen max ${(step.genCpuMax * 100).toFixed(0)}%  ${mark}${flag}`,
    );
    return step;
  };

  // Warm the JIT and open every direct channel's first message (its announcement) before measuring.
  // With actions, this step also gives every sender a message of its own to act on.
  await runStep(fleet, Math.min(500, sizes.startRate), { stepMs: 1000, warmupMs: 0, drainMs: 3000 }, servicePids, actionShare);

  toggleProfile?.();
  let lastPass: number | undefined;
  let firstFail: number | undefined;
  for (let rate = sizes.startRate; rate <= MAX_RATE && firstFail === undefined; rate *= 2) {
    if ((await measure(rate)).pass) lastPass = rate;
    else firstFail = rate;
  }
  for (let rate = round((firstFail ?? MIN_RATE) / 2); lastPass === undefined && rate >= MIN_RATE; rate = round(rate / 2)) {
    if ((await measure(rate)).pass) lastPass = rate;
    else firstFail = rate;
    if (rate === MIN_RATE) break;
  }
  for (let i = 0; i < sizes.bisections && lastPass !== undefined && firstFail !== undefined; i++) {
    const mid = round((lastPass + firstFail) / 2);
    if (mid <= lastPass || mid >= firstFail) break;
    if ((await measure(mid)).pass) lastPass = mid;
    else firstFail = mid;
  }
  const knee = lastPass ?? 0;
  const half = knee > 0 ? await measure(round(knee / 2)) : undefined;
  toggleProfile?.();
  return { knee, steps, half, ...(actionShare > 0 ? { actionShare } : {}) };
}
