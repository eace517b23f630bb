/**
 * The run's figures as rows: each figure for the relay and each server mode, the server's ratio to
 * the relay measured in the same run, and the target with whether it is met. Printed as a terminal
 * table and as Markdown (with the per-step detail of the knee search).
 */
import type { StepResult } from '../lib/fleet';
import { interpolate, ratio } from '../lib/stats';
import { compareWithPlain, type Comparison } from './compare';
import { stepsOf, type RunResults, type TargetResults } from './results';

type Cell = { value: number; unit: string; digits?: number };
type Verdict = { text: string; met: boolean | undefined };

export type Row = {
  scenario: string;
  figure: string;
  relay: Cell | undefined;
  modes: {
    embedded?: { cell: Cell; ratio: number; verdict?: Verdict };
    services?: { cell: Cell; ratio: number; verdict?: Verdict };
  };
  target: string;
};

const MODES = ['embedded', 'services'] as const;

function fmt(cell: Cell | undefined): string {
  if (!cell || !Number.isFinite(cell.value)) return '—';
  const digits = cell.digits ?? (Math.abs(cell.value) >= 100 ? 0 : Math.abs(cell.value) >= 10 ? 1 : 2);
  return `${cell.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${cell.unit}`;
}

const fmtRatio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');
const mark = (verdict: Verdict | undefined) =>
  verdict === undefined || verdict.met === undefined ? '' : verdict.met ? 'met' : 'NOT met';

/** Relay latency at the same offered rate, read off the relay's curve. */
function relayAt(results: RunResults, rate: number, pick: (s: StepResult) => number): number {
  return interpolate(
    stepsOf(results.relay).map((s) => ({ x: s.rate, y: pick(s) })),
    rate,
  );
}

export function buildRows(results: RunResults): Row[] {
  const rows: Row[] = [];
  const add = (
    scenario: string,
    figure: string,
    relay: number | undefined,
    unit: string,
    pick: (t: TargetResults) => number | undefined,
    target = '',
    judge?: (value: number, relay: number, t: TargetResults) => Verdict,
    relayFor?: (t: TargetResults) => number,
  ) => {
    const row: Row = { scenario, figure, relay: relay === undefined ? undefined : { value: relay, unit }, modes: {}, target };
    for (const mode of MODES) {
      const t = results[mode];
      const value = t ? pick(t) : undefined;
      if (!t || value === undefined) continue;
      const base = relayFor ? relayFor(t) : (relay ?? NaN);
      row.modes[mode] = { cell: { value, unit }, ratio: ratio(value, base), verdict: judge?.(value, base, t) };
    }
    if (Object.keys(row.modes).length > 0 || relay !== undefined) rows.push(row);
  };
  const relay = results.relay;

  if (relay.knee || results.embedded?.knee || results.services?.knee) {
    add(
      'a',
      'knee (msg/s, p99 < 50 ms, no loss)',
      relay.knee?.knee,
      '/s',
      (t) => t.knee?.knee,
      '≥ 0.6× relay',
      (v, r) => ({
        text: '',
        met: Number.isFinite(r) ? v / r >= 0.6 : undefined,
      }),
    );
    const half = (t: TargetResults) => t.knee?.half;
    const atHalf = (pick: (s: StepResult) => number) => (t: TargetResults) => {
      const step = half(t);
      return step ? relayAt(results, step.rate, pick) : NaN;
    };
    add('a', 'rate at half the knee', undefined, '/s', (t) => half(t)?.rate);
    add(
      'a',
      'delivery p50 at half the knee (relay: same rate)',
      undefined,
      ' ms',
      (t) => half(t)?.delivery.p50,
      '< 3 ms',
      (v) => ({ text: '', met: v < 3 }),
      atHalf((s) => s.delivery.p50),
    );
    add(
      'a',
      'delivery p99 at half the knee',
      undefined,
      ' ms',
      (t) => half(t)?.delivery.p99,
      '',
      undefined,
      atHalf((s) => s.delivery.p99),
    );
    add(
      'a',
      'ack p50 at half the knee',
      undefined,
      ' ms',
      (t) => half(t)?.ack.p50,
      '',
      undefined,
      atHalf((s) => s.ack.p50),
    );
    add(
      'a',
      'ack p99 at half the knee',
      undefined,
      ' ms',
      (t) => half(t)?.ack.p99,
      '',
      undefined,
      atHalf((s) => s.ack.p99),
    );
    const atKnee = (t: TargetResults) => t.knee?.steps.filter((s) => s.pass && s.rate === t.knee?.knee).at(-1);
    add(
      'a',
      'server CPU at the knee (1 = one core)',
      relay.knee ? atKnee(relay)?.serverCpu : undefined,
      '',
      (t) => atKnee(t)?.serverCpu,
    );
    add('a', 'MariaDB + Redis CPU at the knee', undefined, '', (t) =>
      t === results.services ? atKnee(t)?.servicesCpu : undefined,
    );
  }
  const comparisons = (t: TargetResults) => t.vsPlain ?? compareWithPlain(t);
  const compared = (t: TargetResults, scenario: Comparison['scenario'], index: number) =>
    comparisons(t).filter((c) => c.scenario === scenario)[index];
  const verdictOf = (c: Comparison | undefined): Verdict => ({ text: '', met: c?.met });
  const boundText = (c: Comparison) => `${c.higherIsBetter ? '≥' : '≤'} ${c.bound.toFixed(2)}`;
  if (results.embedded?.kneeActions || results.services?.kneeActions) {
    const first = (t: TargetResults) => compared(t, 'g', 0);
    const any = [results.embedded, results.services].map((t) => t && first(t)).find(Boolean);
    add(
      'g',
      `${any?.figure ?? 'knee with reactions and edits'} (p99 < 50 ms, no loss)`,
      undefined,
      '/s',
      (t) => t.kneeActions?.knee,
    );
    add('g', 'actions: delivery p99 at half that knee', undefined, ' ms', (t) => t.kneeActions?.half?.actionDelivery?.p99);
    add(
      'g',
      'knee with actions / plain knee (a)',
      undefined,
      '×',
      (t) => (t.kneeActions ? first(t)?.ratio : undefined),
      any ? boundText(any) : '',
      (_v, _r, t) => verdictOf(first(t)),
    );
  }
  if (relay.idle || results.embedded?.idle || results.services?.idle) {
    add('b', 'idle sockets held', relay.idle?.sockets, '', (t) => t.idle?.sockets);
    add('b', 'V8 heap per idle socket (after GC)', relay.idle?.heapPerSocketKb, ' KB', (t) => t.idle?.heapPerSocketKb);
    add(
      'b',
      'RSS per idle socket (after GC)',
      relay.idle?.perSocketKb,
      ' KB',
      (t) => t.idle?.perSocketKb,
      '≤ 1.5× relay',
      (v, r) => ({
        text: '',
        met: Number.isFinite(r) ? v / r <= 1.5 : undefined,
      }),
    );
  }
  if (relay.history || results.embedded?.history || results.services?.history) {
    const relayPage = relay.history?.[0]?.latency;
    const sizes = [
      ...new Set([...(results.embedded?.history ?? []), ...(results.services?.history ?? [])].map((h) => h.size)),
    ].sort((a, b) => a - b);
    const largest = sizes.at(-1);
    const smallest = sizes[0];
    for (const size of sizes) {
      const at = (t: TargetResults) => t.history?.find((h) => h.size === size)?.latency;
      const label = size.toLocaleString('en-US');
      add('c', `history page p50, ${label} messages`, relayPage?.p50, ' ms', (t) => at(t)?.p50);
      add(
        'c',
        `history page p99, ${label} messages`,
        relayPage?.p99,
        ' ms',
        (t) => at(t)?.p99,
        size === largest ? '< 5 ms' : '',
        size === largest ? (v) => ({ text: '', met: v < 5 }) : undefined,
      );
    }
    if (largest !== undefined && smallest !== undefined && largest !== smallest) {
      const p99 = (t: TargetResults, size: number) => t.history?.find((h) => h.size === size)?.latency.p99 ?? NaN;
      add(
        'c',
        `p99 at ${largest.toLocaleString('en-US')} / p99 at ${smallest.toLocaleString('en-US')}`,
        undefined,
        '×',
        (t) => (t.history ? p99(t, largest) / p99(t, smallest) : undefined),
        '≤ 1.3',
        (v) => ({ text: '', met: v <= 1.3 }),
      );
    }
  }
  if (results.embedded?.historyRich || results.services?.historyRich) {
    const sizes = [
      ...new Set([...(results.embedded?.historyRich ?? []), ...(results.services?.historyRich ?? [])].map((h) => h.size)),
    ].sort((a, b) => a - b);
    for (const size of sizes) {
      const label = size.toLocaleString('en-US');
      const at = (t: TargetResults) => t.historyRich?.find((h) => h.size === size)?.latency;
      const index = (t: TargetResults) => t.historyRich?.findIndex((h) => h.size === size) ?? -1;
      const comparison = (t: TargetResults) => (index(t) >= 0 ? compared(t, 'h', index(t)) : undefined);
      const any = [results.embedded, results.services].map((t) => t && comparison(t)).find(Boolean);
      add('h', `history page p50, ${label} messages, reactions + replies`, undefined, ' ms', (t) => at(t)?.p50);
      add('h', `history page p99, ${label} messages, reactions + replies`, undefined, ' ms', (t) => at(t)?.p99);
      add(
        'h',
        `p99 with reactions + replies / plain p99 (c), ${label}`,
        undefined,
        '×',
        (t) => comparison(t)?.ratio,
        any ? boundText(any) : '',
        (_v, _r, t) => verdictOf(comparison(t)),
      );
    }
  }
  if (results.embedded?.search || results.services?.search) {
    const sizes = [
      ...new Set([...(results.embedded?.search ?? []), ...(results.services?.search ?? [])].map((h) => h.size)),
    ].sort((a, b) => a - b);
    const largest = sizes.at(-1);
    const smallest = sizes[0];
    const at = (t: TargetResults, size: number) => t.search?.find((h) => h.size === size)?.latency;
    for (const size of sizes) {
      const label = size.toLocaleString('en-US');
      add('c', `search p50, ${label} messages`, undefined, ' ms', (t) => at(t, size)?.p50);
      add(
        'c',
        `search p99, ${label} messages`,
        undefined,
        ' ms',
        (t) => at(t, size)?.p99,
        size === largest ? '< 20 ms' : '',
        size === largest ? (v) => ({ text: '', met: v < 20 }) : undefined,
      );
    }
    if (largest !== undefined && smallest !== undefined && largest !== smallest) {
      add(
        'c',
        `search p99 at ${largest.toLocaleString('en-US')} / p99 at ${smallest.toLocaleString('en-US')}`,
        undefined,
        '×',
        (t) => (t.search ? (at(t, largest)?.p99 ?? NaN) / (at(t, smallest)?.p99 ?? NaN) : undefined),
        '≤ 2',
        (v) => ({ text: '', met: v <= 2 }),
      );
    }
  }
  if (relay.storm || results.embedded?.storm || results.services?.storm) {
    add('d', 'connect storm: all connected', relay.storm?.connectedMs, ' ms', (t) => t.storm?.connectedMs);
    add(
      'd',
      'connect storm: presence settled',
      relay.storm?.settledMs,
      ' ms',
      (t) => t.storm?.settledMs,
      '≤ 3,000 ms',
      (v) => ({
        text: '',
        met: v <= 3000,
      }),
    );
  }
  if (relay.broadcast || results.embedded?.broadcast || results.services?.broadcast) {
    add('e', 'broadcast: last delivery, median', relay.broadcast?.p50Ms, ' ms', (t) => t.broadcast?.p50Ms);
    add(
      'e',
      'broadcast: last delivery, worst',
      relay.broadcast?.maxMs,
      ' ms',
      (t) => t.broadcast?.maxMs,
      '≤ 100 ms',
      (v) => ({
        text: '',
        met: v <= 100,
      }),
    );
  }
  if (results.embedded?.logins || results.services?.logins) {
    add('f', 'chat rate during the logins', undefined, '/s', (t) => t.logins?.rate);
    add('f', 'chat delivery p99 without logins', undefined, ' ms', (t) => t.logins?.baseline.delivery.p99);
    add('f', 'chat delivery p99 with logins', undefined, ' ms', (t) => t.logins?.withLogins.delivery.p99);
    add(
      'f',
      'p99 with / without logins',
      undefined,
      '×',
      (t) => (t.logins ? t.logins.withLogins.delivery.p99 / t.logins.baseline.delivery.p99 : undefined),
      '≤ 2',
      (v) => ({ text: '', met: v <= 2 }),
    );
    add('f', 'logins completed per second', undefined, '/s', (t) => t.logins?.logins.perSec);
    add('f', 'login p50 (GET + POST /login)', undefined, ' ms', (t) => t.logins?.logins.latency.p50);
    add('f', 'login p99', undefined, ' ms', (t) => t.logins?.logins.latency.p99);
  }
  if (results.embedded?.restart || results.services?.restart) {
    const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
    const within = (limit: number) => (v: number) => ({ text: '', met: Number.isFinite(v) && v <= limit });
    add(
      'restart',
      'sockets connected before the SIGTERM',
      undefined,
      '',
      (t) => t.restart && t.restart.users - t.restart.connectFailed,
    );
    add('restart', 'SIGTERM → new server answering', undefined, ' s', (t) => seconds(t.restart?.downMs));
    add('restart', '50 % back, from the server answering', undefined, ' s', (t) => seconds(t.restart?.back.p50));
    add(
      'restart',
      '90 % back, from the server answering',
      undefined,
      ' s',
      (t) => seconds(t.restart?.back.p90),
      '≤ 10 s',
      within(10),
    );
    add(
      'restart',
      '100 % back, from the server answering',
      undefined,
      ' s',
      (t) => seconds(t.restart?.back.p100),
      '≤ 20 s',
      within(20),
    );
    add('restart', '100 % back, from the SIGTERM', undefined, ' s', (t) => seconds(t.restart?.backFromSigterm.p100));
    add(
      'restart',
      'handshakes refused (429)',
      undefined,
      '',
      (t) => t.restart?.refused,
      '0',
      (v) => ({ text: '', met: v === 0 }),
    );
  }
  return rows;
}

const HEADER = ['', 'figure', 'relay', 'embedded', '× relay', 'services', '× relay', 'target', 'embedded', 'services'];

function cells(row: Row): string[] {
  const e = row.modes.embedded;
  const s = row.modes.services;
  return [
    row.scenario,
    row.figure,
    fmt(row.relay ?? (e || s ? undefined : undefined)),
    fmt(e?.cell),
    e ? fmtRatio(e.ratio) : '',
    fmt(s?.cell),
    s ? fmtRatio(s.ratio) : '',
    row.target,
    mark(e?.verdict),
    mark(s?.verdict),
  ];
}

export function terminalTable(rows: readonly Row[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? '').length)));
  return lines.map((line) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const head = ['', 'figure', 'relay', 'embedded', '× relay', 'MySQL + Redis', '× relay', 'target', 'embedded', 'MySQL + Redis'];
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i >= 2 && i <= 6 ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ].join('\n');
}

/** (g) and (h) beside the plain figures of the same run: one line per mode and figure. */
export function comparisonTable(results: RunResults): string {
  const lines: string[] = [];
  for (const mode of MODES) {
    const t = results[mode];
    if (!t) continue;
    for (const c of t.vsPlain ?? compareWithPlain(t)) {
      const value = (v: number) => fmt({ value: v, unit: c.unit });
      const verdict = c.met === undefined ? '— (no plain figure in this run)' : c.met ? 'met' : 'NOT met';
      lines.push(
        `| ${c.scenario} | ${mode === 'services' ? 'MySQL + Redis' : mode} | ${c.figure} | ${value(c.plain)} | ${value(c.actions)} | ${fmtRatio(c.ratio)} | ${c.higherIsBetter ? '≥' : '≤'} ${c.bound.toFixed(2)}× | ${verdict} |`,
      );
    }
  }
  if (lines.length === 0) return '';
  return [
    '| | mode | figure | plain | with actions | ratio | target | verdict |',
    '|---|---|---|---:|---:|---:|---|---|',
    ...lines,
  ].join('\n');
}

export function stepTable(steps: readonly StepResult[]): string {
  const mixed = steps.some((s) => s.actionDelivery);
  const head =
    'rate | sent/s | delivered/s | ack p50 / p99 | delivery p50 / p90 / p99 / max | ' +
    (mixed ? 'actions sent | actions: delivery p50 / p99 | ' : '') +
    'lost | dup | out of order | server CPU | DB+Redis CPU | generator CPU (max worker) | machine CPU | other processes (cores) | result';
  const n = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const lines = steps.map((s) =>
    [
      s.rate,
      Math.round(s.sentPerSec),
      Math.round(s.deliveredPerSec),
      `${n(s.ack.p50)} / ${n(s.ack.p99)}`,
      `${n(s.delivery.p50)} / ${n(s.delivery.p90)} / ${n(s.delivery.p99)} / ${n(s.delivery.max, 1)}`,
      ...(mixed ? [s.actions ?? 0, `${n(s.actionDelivery?.p50 ?? NaN)} / ${n(s.actionDelivery?.p99 ?? NaN)}`] : []),
      s.lost,
      s.duplicates,
      s.outOfOrder,
      pct(s.serverCpu),
      s.servicesCpu > 0 ? pct(s.servicesCpu) : '—',
      `${pct(s.genCpuMax)}${s.genSaturated ? ' SATURATED' : ''}`,
      pct(s.machineCpu),
      s.otherCpu.toFixed(2),
      s.pass ? 'pass' : `fail: ${s.why}`,
    ].join(' | '),
  );
  return [
    `| ${head} |`,
    `|${head
      .split(' | ')
      .map(() => '---')
      .join('|')}|`,
    ...lines.map((l) => `| ${l} |`),
  ].join('\n');
}
