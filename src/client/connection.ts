/**
 * The Socket.IO connection: a typed `request` that always settles with the contract's ack shape
 * (a timeout or being offline become `unavailable`), and the connection's state for the header
 * and banner. Socket.IO reconnects by itself after network failures; after the server ends the
 * connection (a restart, a logout elsewhere) this module reconnects, and a refused handshake
 * (`unauthorized`) means the session is over.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/events';
import type { Ack, AckError, AckResponse, ErrorCode } from '../shared/types';
import { ERROR_CODES } from '../shared/types';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'signed-out';

type Events = ClientToServerEvents;
type LastOf<T extends unknown[]> = T extends [...unknown[], infer L] ? L : never;
type InitOf<T extends unknown[]> = T extends [...infer I, unknown] ? I : never;

/** Client events that take an ack (all but `typing` and `doneTyping`). */
export type RequestName = {
  [K in keyof Events]: LastOf<Parameters<Events[K]>> extends Ack<infer _R> ? K : never;
}[keyof Events];

export type ResultOf<E extends RequestName> = LastOf<Parameters<Events[E]>> extends Ack<infer R> ? R : never;
export type PayloadOf<E extends RequestName> = InitOf<Parameters<Events[E]>>;
export type Reply<E extends RequestName> = AckResponse<ResultOf<E>>;

/** Generous: a message's ack waits for the database. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * After the server ended the connection (a restart, or its Redis subscriber came back) every client
 * of that process comes back: spread over half a second, not all in one instant, and well inside
 * the server's 1 s grace so nobody is shown offline meanwhile.
 */
const RECONNECT_AFTER_SERVER_DISCONNECT_MS = 250;
const RECONNECT_SPREAD_MS = 500;

type LooseEmitter = { emit(event: string, ...args: unknown[]): unknown };

export type ConnectionHandlers = {
  onState(state: ConnectionState, detail?: string): void;
  /** Every successful connection after the first: time to catch up. */
  onReconnect(): void;
  onFirstConnect(): void;
};

export class Connection {
  readonly socket: ChatSocket;
  private connectedOnce = false;
  private state: ConnectionState = 'connecting';

  constructor(private readonly handlers: ConnectionHandlers) {
    this.socket = io({ autoConnect: false, withCredentials: true });
    this.socket.on('connect', () => {
      this.setState('connected');
      if (this.connectedOnce) this.handlers.onReconnect();
      else {
        this.connectedOnce = true;
        this.handlers.onFirstConnect();
      }
    });
    this.socket.on('disconnect', (reason) => {
      if (this.state === 'signed-out') return;
      this.setState('reconnecting', reason);
      // Socket.IO does not reconnect after the server ended the connection: it may be a restart.
      if (reason === 'io server disconnect') {
        const delay = RECONNECT_AFTER_SERVER_DISCONNECT_MS + Math.random() * RECONNECT_SPREAD_MS;
        setTimeout(() => this.socket.connect(), delay);
      }
    });
    this.socket.on('connect_error', (error) => {
      if (error.message === 'unauthorized') {
        this.setState('signed-out');
        return;
      }
      this.setState(this.connectedOnce ? 'reconnecting' : 'connecting', error.message);
      // A refusal by the server's middleware is not retried by Socket.IO itself.
      if (!this.socket.active) setTimeout(() => this.socket.connect(), 2000);
    });
  }

  start(): void {
    this.socket.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get currentState(): ConnectionState {
    return this.state;
  }

  /** Emits with an ack. Never rejects: failures come back as `{ ok: false, error }`. */
  request<E extends RequestName>(event: E, ...payload: PayloadOf<E>): Promise<Reply<E>> {
    if (!this.socket.connected) return Promise.resolve(failure('unavailable', 'You are offline.'));
    return new Promise((resolve) => {
      // Socket.IO's typed emit cannot follow a generic event name; `payload` is typed by PayloadOf.
      const timed = this.socket.timeout(REQUEST_TIMEOUT_MS) as unknown as LooseEmitter;
      timed.emit(event, ...payload, (error: Error | null, response: unknown) => {
        if (error) resolve(failure('unavailable', 'The server did not answer in time.'));
        else resolve(asReply<ResultOf<E>>(response));
      });
    });
  }

  /** Emits without an ack; dropped while offline (typing notices are worthless later). */
  signal(event: 'typing' | 'doneTyping', channelId: string): void {
    if (this.socket.connected) this.socket.emit(event, { channelId });
  }

  private setState(state: ConnectionState, detail?: string): void {
    this.state = state;
    this.handlers.onState(state, detail);
  }
}

export function failure(code: ErrorCode, message: string): AckError {
  return { ok: false, error: { code, message } };
}

function asReply<T>(response: unknown): AckResponse<T> {
  if (typeof response !== 'object' || response === null || !('ok' in response)) {
    return failure('unavailable', 'The server sent an unexpected answer.');
  }
  if (response.ok === true) return response as AckResponse<T>; // the server's ack follows the contract
  const error = 'error' in response ? response.error : undefined;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const code = ERROR_CODES.find((known) => known === error.code) ?? 'unavailable';
    return failure(code, typeof error.message === 'string' ? error.message : 'Something went wrong.');
  }
  return failure('unavailable', 'Something went wrong.');
}
