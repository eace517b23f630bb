/**
 * Counts what the fuzz suites sent, so a run reports the figure quoted in docs/reliability.md.
 * Each suite adds to its own line; the totals print once, after the suite that asks for them.
 */
const counts = new Map<string, number>();

export function tally(what: string, n = 1): void {
  counts.set(what, (counts.get(what) ?? 0) + n);
}

export function report(title: string): void {
  const lines = [...counts.entries()].map(([what, n]) => `${n.toLocaleString('en-US')} ${what}`);
  if (lines.length > 0) console.log(`      ${title}: ${lines.join(', ')}`);
  counts.clear();
}
