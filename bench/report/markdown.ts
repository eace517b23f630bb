/** One run as a Markdown page: the machine, the command, the summary table, the knee steps, notes. */
import { stepsOf, type RunResults, type TargetName } from './results';
import { ALLOWED_FALL } from './compare';
import { comparisonTable, markdownTable, stepTable, type Row } from './summary';

export function renderMarkdown(results: RunResults, rows: readonly Row[], chartFile: string, command: string): string {
  const m = results.machine;
  const out: string[] = [];
  out.push(
    `# Benchmark results (${results.options.quick ? 'quick' : 'full'} run)`,
    '',
    `Run \`${command}\` on ${results.startedAt}; it took ${(results.durationMs / 1000).toFixed(0)} s.`,
    '',
    `Machine: ${m.cpus} × ${m.model}, ${m.memoryGb} GiB, ${m.os}, Node ${m.node}${m.mariadb ? `, MariaDB ${m.mariadb}` : ''}${m.redis ? `, Redis ${m.redis}` : ''}. ` +
      `The server, the relay, the generator (${results.options.workers} worker processes), MariaDB and Redis all share these cores.`,
    '',
    markdownTable(rows),
    '',
    `![delivery latency against rate](${chartFile})`,
    '',
  );
  const comparisons = comparisonTable(results);
  if (comparisons)
    out.push(
      '## Message actions against the plain figures',
      '',
      `With reactions and edits as part of the traffic (g) or reactions and replies on every message (h), a figure may not fall more than ${Math.round(ALLOWED_FALL * 100)} % below the plain figure of the same run and mode: a knee must reach ${(1 - ALLOWED_FALL).toFixed(2)}× the plain knee (a), a history p99 stay within ${(1 + ALLOWED_FALL).toFixed(2)}× the plain p99 (c).`,
      '',
      comparisons,
      '',
    );
  const saturated = (['relay', 'embedded', 'services'] as TargetName[]).flatMap((name) =>
    [...stepsOf(results[name]), ...(results[name]?.kneeActions?.steps ?? [])]
      .filter((s) => s.genSaturated)
      .map(
        (s) =>
          `${name}${s.actionDelivery ? ' with actions' : ''} at ${s.rate}/s (worker at ${Math.round(s.genCpuMax * 100)}% of a core)`,
      ),
  );
  out.push(
    '## Generator',
    '',
    saturated.length === 0
      ? 'No generator worker used 90% of a core or more during a step.'
      : `A generator worker used 90% or more of a core during: ${saturated.join('; ')}. Those steps measure the generator as much as the target.`,
    '',
  );
  for (const name of ['relay', 'embedded', 'services'] as TargetName[]) {
    const t = results[name];
    if (!t) continue;
    out.push(`## ${name === 'services' ? 'MySQL + Redis' : name}`, '');
    if (t.signUp) out.push(`- ${t.signUp.users} users signed up through the HTTP form in ${(t.signUp.ms / 1000).toFixed(1)} s.`);
    if (t.seeding)
      for (const s of t.seeding)
        out.push(`- ${s.size.toLocaleString('en-US')} messages seeded in ${(s.ms / 1000).toFixed(1)} s.`);
    if (t.seedingRich)
      for (const s of t.seedingRich)
        out.push(
          `- ${s.size.toLocaleString('en-US')} messages with a reply each and ${(s.reactions ?? 0).toLocaleString('en-US')} reactions seeded in ${(s.ms / 1000).toFixed(1)} s.`,
        );
    if (t.idle)
      out.push(
        `- Idle: ${t.idle.sockets} sockets (${t.idle.failed} failed) connected in ${(t.idle.connectMs / 1000).toFixed(1)} s; RSS after a full GC ${t.idle.baselineMb.toFixed(0)} → ${t.idle.loadedMb.toFixed(0)} MiB; V8 heap ${t.idle.heapPerSocketKb.toFixed(1)} KB per socket.`,
      );
    if (t.storm)
      out.push(
        `- Storm: ${t.storm.sockets} sockets, ${t.storm.failed} failed, ${t.storm.unsettled} never saw everyone online; connected in ${t.storm.connectedMs.toFixed(0)} ms, settled in ${t.storm.settledMs.toFixed(0)} ms; target ${Math.round(t.storm.serverCpu * 100)}% of a core, busiest generator worker ${Math.round(t.storm.genCpuMax * 100)}%${t.storm.genCpuMax >= 0.9 ? ' (SATURATED: the generator is the limit)' : ''}; ${t.storm.listenOverflows} connection attempts dropped by a full accept queue (retried by TCP after 1 s, 3 s, 7 s…).`,
      );
    if (t.broadcast)
      out.push(
        `- Broadcast: ${t.broadcast.sent} messages to ${t.broadcast.sockets} sockets, ${t.broadcast.incomplete} not received by all, ${t.broadcast.refused} refused; last delivery ${t.broadcast.lastMs.map((v) => v.toFixed(1)).join(', ')} ms.`,
      );
    if (t.history)
      for (const h of t.history)
        out.push(
          `- History, ${h.size.toLocaleString('en-US')} messages: ${h.requests} pages, ${h.failed} failed, p50 ${h.latency.p50.toFixed(2)} / p90 ${h.latency.p90.toFixed(2)} / p99 ${h.latency.p99.toFixed(2)} / max ${h.latency.max.toFixed(1)} ms.`,
        );
    if (t.historyRich)
      for (const h of t.historyRich)
        out.push(
          `- History with reactions and replies, ${h.size.toLocaleString('en-US')} messages: ${h.requests} pages, ${h.failed} failed, p50 ${h.latency.p50.toFixed(2)} / p90 ${h.latency.p90.toFixed(2)} / p99 ${h.latency.p99.toFixed(2)} / max ${h.latency.max.toFixed(1)} ms.`,
        );
    if (t.search)
      for (const h of t.search)
        out.push(
          `- Search, ${h.size.toLocaleString('en-US')} messages: ${h.requests} searches, ${h.failed} failed, p50 ${h.latency.p50.toFixed(2)} / p90 ${h.latency.p90.toFixed(2)} / p99 ${h.latency.p99.toFixed(2)} / max ${h.latency.max.toFixed(1)} ms.`,
        );
    if (t.logins) {
      const l = t.logins.logins;
      out.push(
        `- Logins: ${l.attempted} attempted at ${results.options.sizes.loginRate}/s, ${l.ok} succeeded, ${l.refused ?? 0} refused (503, hashing at capacity), ${l.failed} failed, ${l.perSec.toFixed(1)}/s completed; chat at ${t.logins.rate}/s: p99 ${t.logins.baseline.delivery.p99.toFixed(2)} ms without, ${t.logins.withLogins.delivery.p99.toFixed(2)} ms with; server CPU ${Math.round(t.logins.baseline.serverCpu * 100)}% → ${Math.round(t.logins.withLogins.serverCpu * 100)}%.`,
      );
    }
    if (t.restart) {
      const r = t.restart;
      const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never');
      const counts = (record: Record<string, number>) =>
        Object.entries(record)
          .map(([key, n]) => `${key} ${n}`)
          .join(', ') || 'none';
      out.push(
        `- Restart: ${r.users} users of one address (first connect in ${s(r.connectMs)}, ${r.connectFailed} failed, ${r.connectRefused} handshakes refused and retried); SIGTERM → stopped in ${s(r.stopMs)}, answering again after ${s(r.downMs)}; back from then: 50 % ${s(r.back.p50)}, 90 % ${s(r.back.p90)}, 100 % ${s(r.back.p100)} (${r.returned} back; from the SIGTERM: ${s(r.backFromSigterm.p100)}); ${r.refused} handshakes refused; disconnect reasons: ${counts(r.reasons)}; other connect errors: ${counts(r.errors)}.`,
      );
    }
    for (const error of t.errors) out.push(`- ERROR: ${error}`);
    const steps = t.knee?.steps ?? [];
    if (steps.length > 0) out.push('', `Knee search (knee ${t.knee?.knee}/s), in the order run:`, '', stepTable(steps));
    const mixed = t.kneeActions?.steps ?? [];
    if (mixed.length > 0)
      out.push(
        '',
        `Knee search with ${Math.round((t.kneeActions?.actionShare ?? 0) * 100)} % reactions and edits (knee ${t.kneeActions?.knee}/s, messages and actions together), in the order run:`,
        '',
        stepTable(mixed),
      );
    out.push('');
  }
  return out.join('\n');
}
