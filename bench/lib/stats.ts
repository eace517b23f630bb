/** Percentiles of latency samples (milliseconds), merged from every generator worker. */

export type Percentiles = { count: number; p50: number; p90: number; p99: number; max: number };

export const EMPTY: Percentiles = { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN };

/** Nearest-rank percentiles over all the samples; NaN when there are none. */
export function percentiles(parts: readonly Float64Array[]): Percentiles {
  const count = parts.reduce((sum, part) => sum + part.length, 0);
  if (count === 0) return EMPTY;
  const all = new Float64Array(count);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  all.sort();
  const rank = (q: number) => all[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))] ?? NaN;
  return { count, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: all[count - 1] ?? NaN };
}

export function median(values: readonly number[]): number {
  return percentiles([Float64Array.from(values)]).p50;
}

/** `value / relay`, or NaN when either side is missing. */
export function ratio(value: number, relay: number): number {
  return Number.isFinite(value) && Number.isFinite(relay) && relay !== 0 ? value / relay : NaN;
}

/** Linear interpolation of y at x over points sorted by x; NaN outside their range. */
export function interpolate(points: readonly { x: number; y: number }[], x: number): number {
  const sorted = [...points].filter((p) => Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
  for (let i = 0; i < sorted.length; i++) {
    const right = sorted[i];
    if (!right || right.x < x) continue;
    if (right.x === x) return right.y;
    const left = sorted[i - 1];
    if (!left) return NaN;
    return left.y + ((right.y - left.y) * (x - left.x)) / (right.x - left.x);
  }
  return NaN;
}
