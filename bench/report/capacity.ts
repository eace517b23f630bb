/** The capacity scenario's steps as one Markdown table per phase, for the terminal and the results page. */
import type { Machine } from './results';
import type { CapacityStep, PhaseFigures } from '../scenarios/capacity';

const num = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n)
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number | undefined) => num(n, n !== undefined && n < 10 ? 1 : 0);
const pct = (share: number | undefined) =>
  share === undefined || !Number.isFinite(share) ? '–' : `${Math.round(share * 100)} %`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const label = (step: CapacityStep) =>
  `${step.users.toLocaleString('en-US')} ${step.mode === 'services' ? 'MySQL+Redis' : 'embedded'}`;

function phaseRows(steps: readonly CapacityStep[], pick: (step: CapacityStep) => PhaseFigures | undefined): string[][] {
  return steps.flatMap((step) => {
    const p = pick(step);
    if (!p) return [];
    const refused = Object.values(p.refused).reduce((a, b) => a + b, 0);
    const dropped = Object.values(p.disconnected ?? {}).reduce((a, b) => a + b, 0);
    return [
      [
        label(step),
        `${ms(p.delivery.p50)} / ${ms(p.delivery.p99)}`,
        `${ms(p.everyoneDelivery.p50)} / ${ms(p.everyoneDelivery.p99)}`,
        `${ms(p.ack.p50)} / ${ms(p.ack.p99)}`,
        ms(p.markRead.p99),
        ms(p.history.p99),
        `${num(p.lost)}${refused > 0 ? ` (+${refused} refused)` : ''}${dropped > 0 ? `, ${dropped} sockets dropped` : ''}`,
        pct(p.serverCpu),
        `${ms(p.loopLag?.p99)} / ${ms(p.loopLag?.max)}`,
        pct(p.genCpuMax),
        num(p.otherCores, 2),
      ],
    ];
  });
}

const PHASE_HEADER = [
  'users',
  'delivery p50 / p99 ms',
  'everyone delivery p50 / p99 ms',
  'ack p50 / p99 ms',
  'markRead p99 ms',
  'history p99 ms',
  'lost',
  'server CPU',
  'loop lag p99 / max ms',
  'generator CPU (max worker)',
  'other cores busy',
];

export function capacityTables(steps: readonly CapacityStep[]): string {
  const connect = table(
    [
      'users',
      'connect s',
      'per socket p50 / p99 ms',
      'server CPU',
      'userStatus per user',
      'generator CPU',
      'RSS idle / connected / loaded MB',
      'RSS per user KB',
      'after the load MB (heap / external)',
      'errors',
    ],
    steps.map((s) => [
      label(s),
      num(s.connect.ms / 1000, 1),
      `${ms(s.connect.perSocket.p50)} / ${ms(s.connect.perSocket.p99)}`,
      pct(s.connect.serverCpu),
      num(s.connect.userStatusPerUser),
      pct(s.connect.genCpuMax),
      `${num(s.memory.idleMb)} / ${num(s.memory.connectedMb)} / ${num(s.memory.loadedMb)}`,
      num(s.memory.perUserKb),
      `${num(s.memory.afterMb)} (${num(s.memory.afterHeapMb)} / ${num(s.memory.afterExternalMb)})`,
      s.errors.length > 0 ? s.errors.map((e) => e.split('\n')[0]).join('; ') : '',
    ]),
  );
  const mix = table(
    PHASE_HEADER,
    phaseRows(steps, (s) => s.mix),
  );
  const stress = table(
    [...PHASE_HEADER, 'server CPU per everyone ms'],
    phaseRows(steps, (s) => s.stress).map((row, i) => {
      const step = steps.filter((s) => s.stress)[i];
      return [...row, ms(step?.stress?.cpuMsPerEveryone)];
    }),
  );
  return [
    '### Connect (all sockets at once, until each has `updateUsers`) and memory',
    '',
    connect,
    '',
    '### The team mix',
    '',
    mix,
    '',
    '### The same mix with `everyone` at 2 a second',
    '',
    stress,
  ].join('\n');
}

export function capacityMarkdown(steps: readonly CapacityStep[], machine: Machine, command: string, startedAt: string): string {
  return [
    '# Capacity benchmark',
    '',
    `Run \`${command}\` on ${startedAt}. Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GiB, Node ${machine.node}` +
      `${machine.mariadb ? `, MariaDB ${machine.mariadb}` : ''}${machine.redis ? `, Redis ${machine.redis}` : ''}.`,
    '',
    'The server is pinned to core 0 and the generator to core 1; MariaDB and Redis run on either. ' +
      '"Other cores busy" is the work of processes outside the benchmark during the phase: above about 0.25 the machine was shared. ' +
      "Delivery is of direct and room messages to the other members; `everyone` is apart. Loop lag is the server's own event-loop " +
      'delay (monitorEventLoopDelay inside the server, beyond its 10 ms timer).',
    '',
    capacityTables(steps),
    '',
  ].join('\n');
}
