/** socket.io-client helpers for realtime tests: connect with a session cookie, await events and acks. */
import { io as connect, type Socket } from 'socket.io-client';
import type { AckResponse, ClientEventName, ClientToServerEvents, ServerToClientEvents } from '../../src/shared';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectOptions = {
  cookie?: string;
  origin?: string;
  transports?: ('polling' | 'websocket')[];
};

function createSocket(url: string, options: ConnectOptions): ClientSocket {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  return connect(url, {
    extraHeaders: headers,
    transports: options.transports ?? ['polling', 'websocket'],
    reconnection: false,
    forceNew: true,
  });
}

function connected(socket: ClientSocket): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Opens a socket; resolves once connected, rejects with the connect_error. */
export function openSocket(url: string, options: ConnectOptions = {}): Promise<ClientSocket> {
  return connected(createSocket(url, options));
}

/** Opens a socket and resolves with it and its first `updateUsers` (listened for before connecting). */
export async function openWithUsers(url: string, options: ConnectOptions = {}) {
  const socket = createSocket(url, options);
  const users = waitFor(socket, 'updateUsers');
  await connected(socket);
  return { socket, users: await users };
}

/** Connects and waits for the first `updateUsers`, so the socket is fully set up (rooms joined). */
export async function connectAs(url: string, cookie: string, options: Omit<ConnectOptions, 'cookie'> = {}) {
  return (await openWithUsers(url, { ...options, cookie })).socket;
}

/** Resolves with the first `event` payload matching `predicate`; rejects after `timeoutMs`. */
export function waitFor<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 4000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out waiting for ${String(event)}`));
    }, timeoutMs);
    socket.on(event, listener as never); // the listener's type is exactly this event's
  });
}

/** Records every `event` payload from now on. */
export function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/**
 * Emits with an ack and resolves with the response. Payloads are deliberately untyped here so
 * tests can send malformed ones.
 */
export function request<T = Record<string, unknown>>(
  socket: ClientSocket,
  event: ClientEventName,
  ...payload: unknown[]
): Promise<AckResponse<T>> {
  const raw = socket as unknown as Socket; // untyped on purpose: malformed payloads are the point
  return raw.timeout(5000).emitWithAck(event, ...payload) as Promise<AckResponse<T>>;
}

/** Asserts success and returns the result. */
export async function ok<T = Record<string, unknown>>(
  socket: ClientSocket,
  event: ClientEventName,
  ...payload: unknown[]
): Promise<T> {
  const response = await request<T>(socket, event, ...payload);
  if (!response.ok) throw new Error(`${event} failed: ${response.error.code} ${response.error.message}`);
  return response;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
