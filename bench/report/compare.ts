/**
 * Issue 12's performance rule: with message actions in the traffic (g) and in the history (h), the
 * figures may not fall more than 10 % below the plain figures (a) and (c) of the same run and mode.
 * A rate (the knee) falls by being lower: it must reach 0.9× the plain knee. A latency (history
 * page p99) falls by being higher: it may be at most 1.1× the plain p99, at every channel size.
 */
import type { TargetResults } from './results';

/** How far below the plain figure a figure with message actions may fall. */
export const ALLOWED_FALL = 0.1;

export type Comparison = {
  scenario: 'g' | 'h';
  figure: string;
  unit: string;
  plain: number;
  /** The same figure with message actions. */
  actions: number;
  /** `actions / plain`. */
  ratio: number;
  /** For a rate, the ratio must be at least `bound`; for a latency, at most. */
  higherIsBetter: boolean;
  bound: number;
  /** undefined when either figure is missing. */
  met: boolean | undefined;
};

function compare(
  scenario: Comparison['scenario'],
  figure: string,
  unit: string,
  plain: number | undefined,
  actions: number | undefined,
  higherIsBetter: boolean,
): Comparison {
  const p = plain ?? NaN;
  const a = actions ?? NaN;
  const ratio = Number.isFinite(p) && Number.isFinite(a) && p !== 0 ? a / p : NaN;
  const bound = higherIsBetter ? 1 - ALLOWED_FALL : 1 + ALLOWED_FALL;
  const met = Number.isFinite(ratio) ? (higherIsBetter ? ratio >= bound : ratio <= bound) : undefined;
  return { scenario, figure, unit, plain: p, actions: a, ratio, higherIsBetter, bound, met };
}

/** Every comparison the run allows: (g) when (g) ran, (h) per channel size when (h) ran. */
export function compareWithPlain(t: TargetResults): Comparison[] {
  const out: Comparison[] = [];
  if (t.kneeActions) {
    const share = Math.round((t.kneeActions.actionShare ?? 0) * 100);
    out.push(compare('g', `knee with ${share} % reactions and edits`, '/s', t.knee?.knee, t.kneeActions.knee, true));
  }
  for (const rich of t.historyRich ?? []) {
    const plain = t.history?.find((h) => h.size === rich.size);
    const label = rich.size.toLocaleString('en-US');
    out.push(
      compare(
        'h',
        `history page p99, ${label} messages, reactions and replies on every one`,
        ' ms',
        plain?.latency.p99,
        rich.latency.p99,
        false,
      ),
    );
  }
  return out;
}
