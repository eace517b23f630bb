/**
 * (a) The knee: the highest rate of one-to-one messages with p99 delivery under 50 ms and nothing
 * lost. The rate doubles from `startRate` until a step fails, then the gap is bisected; a last
 * step at half the knee gives the latency at a comfortable load.
 */
import type { Sizes } from '../lib/options';
import { CONTENDED_CORES, runStep, waitQuiet, type Fleet, type StepResult } from '../lib/fleet';

export type KneeResult = { knee: number; steps: StepResult[]; half: StepResult | undefined };

const MAX_RATE = 64_000;
const MIN_RATE = 100;
const round = (rate: number) => Math.max(MIN_RATE, Math.round(rate / 100) * 100);

/** `toggleProfile`, when given, is called once before the measured steps and once after them. */
export async function findKnee(
  fleet: Fleet,
  sizes: Sizes,
  servicePids: readonly number[],
  log: (line: string) => void,
  toggleProfile?: () => void,
): Promise<KneeResult> {
  const timing = { stepMs: sizes.stepMs, warmupMs: sizes.warmupMs, drainMs: sizes.drainMs };
  const steps: StepResult[] = [];
  const measure = async (rate: number) => {
    if (sizes.quietWaitMs > 0) await waitQuiet(fleet, servicePids, sizes.quietWaitMs);
    let step = await runStep(fleet, rate, timing, servicePids);
    if (!step.pass && step.otherCpu > CONTENDED_CORES && sizes.quietWaitMs > 0) {
      // Failed while other processes took CPU: once more, after waiting for a quieter machine.
      log(`  ${fleet.target.name} ${rate}/s failed with other processes on ${step.otherCpu.toFixed(2)} cores; again`);
      await waitQuiet(fleet, servicePids, sizes.quietWaitMs * 2);
      step = await runStep(fleet, rate, timing, servicePids);
    }
    steps.push(step);
    const mark = step.pass ? 'pass' : `fail (${step.why})`;
    const flag = `${step.genSaturated ? ' [generator saturated]' : ''}${step.otherCpu > CONTENDED_CORES ? ` [other processes ${step.otherCpu.toFixed(2)} cores]` : ''}`;
    log(
      `  ${fleet.target.name} ${String(rate).padStart(6)}/s  delivery p50 ${step.delivery.p50.toFixed(2)} p99 ${step.delivery.p99.toFixed(2)} ms` +
        `  server ${(step.serverCpu * 100).toFixed(0)}%  gen max ${(step.genCpuMax * 100).toFixed(0)}%  ${mark}${flag}`,
    );
    return step;
  };

  // Warm the JIT and open every direct channel's first message (its announcement) before measuring.
  await runStep(fleet, Math.min(500, sizes.startRate), { stepMs: 1000, warmupMs: 0, drainMs: 3000 }, servicePids);

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
  return { knee, steps, half };
}
