/**
 * socket.io-client helpers for realtime tests: connect with a session cookie, await events and
 * acks. `useSocketStage` is a realtime suite's set-up: a server for the suite, and the sockets each
 * test opens, closed after it.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { AckResponse, ClientEventName, ClientToServerEvents, ServerToClientEvents } from '../../src/shared';
import { createTestApp, type TestApp } from './test-app';

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

/** What a realtime suite runs against; `app` throws outside the tests and their hooks. */
export type SocketStage = {
  readonly app: TestApp;
  /** Connects with `cookie` and waits until the socket is fully set up (connectAs); closed after the test. */
  connect(cookie: string): Promise<ClientSocket>;
  /** A socket with `cookie` and its first `updateUsers` (openWithUsers); closed after the test. */
  openWithUsers(cookie: string): ReturnType<typeof openWithUsers>;
};

/**
 * Registers the hooks that open a server (createTestApp) before the suite and stop it after, and
 * close the sockets the stage opened after each test. Call it first in a `describe` body.
 */
export function useSocketStage(): SocketStage {
  let app: TestApp | undefined;
  const open: ClientSocket[] = [];
  const stage: SocketStage = {
    get app() {
      if (!app) throw new Error('no server on the stage');
      return app;
    },
    async connect(cookie) {
      const socket = await connectAs(stage.app.url, cookie);
      open.push(socket);
      return socket;
    },
    async openWithUsers(cookie) {
      const opened = await openWithUsers(stage.app.url, { cookie });
      open.push(opened.socket);
      return opened;
    },
  };
  before(async () => {
    app = await createTestApp();
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  after(() => app?.stop());
  return stage;
}
