/**
 * (restart) A restart storm with the default limits: every user on one address (127.0.0.1, as an
 * office behind a NAT) connected with a plain socket.io-client (bench/restart-clients.ts), then
 * SIGTERM, the server started again on the same port and data, and the time until 50 / 90 / 100 %
 * of the sockets are set up again (`updateUsers`), counted from the moment the new server answers
 * /healthz (PROTOCOL.md: "all back within 20 s of the server answering again") and from the
 * SIGTERM. Handshakes refused (HTTP 429) are counted on the clients.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Back, Opened, RestartClient, RestartClientsCommand } from '../restart-clients';
import { freePort, prioritize, type Target } from '../lib/processes';
import { wallClock } from '../lib/protocol';

const CLIENTS = path.resolve(import.meta.dirname, '../restart-clients.ts');
/** Sockets opening at once per client process for the first connect (set-up, not measured). */
const OPEN_CONCURRENCY = 50;
const OPEN_TIMEOUT_MS = 300_000;
/** How long the sockets get to come back once the new server answers (the target is 20 s); later is never. */
const BACK_TIMEOUT_MS = 60_000;

export type Percentiles = { p50: number; p90: number; p100: number };

export type RestartResult = {
  users: number;
  /** First connect, every socket at once per lane (not measured against a target). */
  connectMs: number;
  connectFailed: number;
  /** Handshakes answered 429 during the first connect (retried by the clients). */
  connectRefused: number;
  /** SIGTERM → the old process has exited; → the new one answers /healthz. */
  stopMs: number;
  downMs: number;
  /** Time until that share of the sockets is set up again, from the new server answering. */
  back: Percentiles;
  /** The same, from the SIGTERM. */
  backFromSigterm: Percentiles;
  returned: number;
  /** Handshakes answered 429 after the SIGTERM. */
  refused: number;
  /** Other `connect_error`s after the SIGTERM, by message, while the server was down or once it answered again. */
  errors: Record<string, number>;
  /** Why the sockets saw the old server go (`transport close` reconnects; `io server disconnect` does not). */
  reasons: Record<string, number>;
};

export type RestartOptions = {
  users: readonly RestartClient[];
  /** Starts the server on this port, with the default connection limits, on the run's data. */
  start: (port: number) => Promise<Target>;
  processes: number;
  log: (line: string) => void;
};

/** Time until `share` of all `total` sockets were back, from `origin`; NaN when fewer came back. */
function timeUntil(sortedBackAt: readonly number[], total: number, share: number, origin: number): number {
  const needed = Math.max(1, Math.ceil(total * share));
  const at = sortedBackAt[needed - 1];
  return at === undefined ? NaN : at - origin;
}

function percentiles(sortedBackAt: readonly number[], total: number, origin: number): Percentiles {
  return {
    p50: timeUntil(sortedBackAt, total, 0.5, origin),
    p90: timeUntil(sortedBackAt, total, 0.9, origin),
    p100: timeUntil(sortedBackAt, total, 1, origin),
  };
}

function call<T>(child: ChildProcess, command: RestartClientsCommand): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a restart client process exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (reply: { result?: T; error?: string }) => {
      child.off('exit', onExit);
      if (reply.error) reject(new Error(`restart client process: ${reply.error}`));
      else resolve(reply.result as T); // the process answers each command with its result
    });
    child.send(command);
  });
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

export async function restartStorm(options: RestartOptions): Promise<RestartResult> {
  const { users, log } = options;
  const port = await freePort();
  let server = await options.start(port);
  const children = Array.from({ length: Math.max(1, options.processes) }, () =>
    fork(CLIENTS, [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  for (const child of children) prioritize(child.pid);
  const lanes: RestartClient[][] = children.map(() => []);
  users.forEach((user, i) => lanes[i % children.length]?.push(user));
  try {
    const connectStarted = wallClock();
    const opened = await Promise.all(
      children.map((child, i) =>
        call<Opened>(child, {
          type: 'open',
          url: server.url,
          clients: lanes[i] ?? [],
          concurrency: OPEN_CONCURRENCY,
          timeoutMs: OPEN_TIMEOUT_MS,
        }),
      ),
    );
    const connectMs = wallClock() - connectStarted;
    const connectFailed = users.length - opened.reduce((sum, o) => sum + o.ready, 0);
    log(
      `  ${users.length - connectFailed} of ${users.length} connected in ${(connectMs / 1000).toFixed(1)} s${opened[0]?.firstError ? ` (first error: ${opened[0].firstError})` : ''}`,
    );

    const sigterm = wallClock();
    await server.stop();
    const stopped = wallClock();
    server = await options.start(port);
    const answering = wallClock();
    log(
      `  SIGTERM: stopped in ${((stopped - sigterm) / 1000).toFixed(1)} s, answering again ${((answering - sigterm) / 1000).toFixed(1)} s after it`,
    );
    // The clients note the times themselves: asked now, they report what happened since the SIGTERM.
    const backs = await Promise.all(
      children.map((child) => call<Back>(child, { type: 'waitBack', since: sigterm, answering, timeoutMs: BACK_TIMEOUT_MS })),
    );
    const backAt = backs
      .flatMap((b) => b.backAt)
      .filter((at) => !Number.isNaN(at))
      .sort((a, b) => a - b);
    const errors: Record<string, number> = {};
    const reasons: Record<string, number> = {};
    for (const b of backs) {
      add(errors, b.errors);
      add(reasons, b.reasons);
    }
    return {
      users: users.length,
      connectMs,
      connectFailed,
      connectRefused: opened.reduce((sum, o) => sum + o.refused, 0),
      stopMs: stopped - sigterm,
      downMs: answering - sigterm,
      back: percentiles(backAt, users.length, answering),
      backFromSigterm: percentiles(backAt, users.length, sigterm),
      returned: backAt.length,
      refused: backs.reduce((sum, b) => sum + b.refused, 0),
      errors,
      reasons,
    };
  } finally {
    await Promise.allSettled(children.map((child) => call(child, { type: 'close' })));
    for (const child of children) child.disconnect();
    await server.stop();
  }
}
