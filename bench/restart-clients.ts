/**
 * A process of plain socket.io-client clients for the restart scenario (bench/scenarios/restart.ts):
 * every option at its default (reconnection on, 1 s delay growing to 5 s with jitter, long-polling
 * then websocket), only the session cookie set, as any third-party client would connect. Each
 * socket notes when the server last set it up (`updateUsers`) and every `connect_error`.
 */
import { io, type Socket } from 'socket.io-client';
import { wallClock } from './lib/protocol';

export type RestartClient = { username: string; cookie?: string };

export type RestartClientsCommand =
  | { type: 'open'; url: string; clients: RestartClient[]; concurrency: number; timeoutMs: number }
  | { type: 'waitBack'; since: number; answering: number; timeoutMs: number }
  | { type: 'close' };

export type Opened = {
  ready: number;
  failed: number;
  firstError?: string;
  /** Handshakes answered 429 meanwhile. */
  refused: number;
};

export type Back = {
  /** Wall-clock time each socket was first set up again after `since`; NaN for those not back. */
  backAt: number[];
  /** Disconnect reasons seen after `since`, counted. */
  reasons: Record<string, number>;
  /** `connect_error`s after `since`: HTTP 429 (a refused handshake), or by message and by whether the server was answering. */
  refused: number;
  errors: Record<string, number>;
};

type Tracked = { socket: Socket; readyAt: number[]; reasons: { at: number; reason: string }[] };
type Failure = { at: number; error: Error & { description?: unknown } };

const tracked: Tracked[] = [];
const failures: Failure[] = [];

function open(url: string, client: RestartClient): Promise<boolean> {
  const socket = io(url, { forceNew: true, extraHeaders: client.cookie ? { cookie: client.cookie } : {} });
  const entry: Tracked = { socket, readyAt: [], reasons: [] };
  tracked.push(entry);
  socket.on('disconnect', (reason) => entry.reasons.push({ at: wallClock(), reason }));
  socket.on('connect_error', (error: Failure['error']) => failures.push({ at: wallClock(), error }));
  return new Promise((resolve) => {
    socket.on('updateUsers', () => {
      entry.readyAt.push(wallClock());
      resolve(true);
    });
    // Refused by a middleware (unauthorized, too many connections): socket.io-client gives up.
    socket.on('connect_error', () => {
      if (!socket.active) resolve(false);
    });
  });
}

async function openAll(command: Extract<RestartClientsCommand, { type: 'open' }>): Promise<Opened> {
  const result: Opened = { ready: 0, failed: 0, refused: 0 };
  let next = 0;
  const lane = async () => {
    while (next < command.clients.length) {
      const client = command.clients[next++];
      if (!client) continue;
      if (await open(command.url, client)) result.ready++;
      else result.failed++;
    }
  };
  await bounded(Promise.all(Array.from({ length: command.concurrency }, lane)), command.timeoutMs);
  result.firstError = failures[0]?.error.message;
  result.refused = failures.filter(({ error }) => error.description === 429).length;
  return result;
}

/** The first time the socket was set up after `since`, or NaN. */
const firstAfter = (entry: Tracked, since: number) => entry.readyAt.find((at) => at > since) ?? NaN;

/** Waits until every socket is back since `since`, or `timeoutMs` from now, and reports. */
async function waitBack(since: number, answering: number, timeoutMs: number): Promise<Back> {
  const deadline = performance.now() + timeoutMs;
  while (tracked.some((entry) => Number.isNaN(firstAfter(entry, since))) && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const back: Back = { backAt: [], reasons: {}, refused: 0, errors: {} };
  for (const entry of tracked) {
    back.backAt.push(firstAfter(entry, since));
    for (const { at, reason } of entry.reasons) if (at > since) back.reasons[reason] = (back.reasons[reason] ?? 0) + 1;
  }
  for (const { at, error } of failures) {
    if (at <= since) continue;
    if (error.description === 429) back.refused++;
    else {
      const key = `${error.message} (${at < answering ? 'while down' : 'once answering'})`;
      back.errors[key] = (back.errors[key] ?? 0) + 1;
    }
  }
  return back;
}

async function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function run(command: RestartClientsCommand): Promise<unknown> {
  switch (command.type) {
    case 'open':
      return openAll(command);
    case 'waitBack':
      return waitBack(command.since, command.answering, command.timeoutMs);
    case 'close':
      for (const entry of tracked.splice(0)) entry.socket.close();
      failures.length = 0;
      return Promise.resolve({ closed: true });
  }
}

process.on('message', (command: RestartClientsCommand) => {
  run(command).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
