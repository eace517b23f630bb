/**
 * The metrics port: what the domain, the transports and the stores report for operators. It names
 * no metrics library; src/metrics/ holds the Prometheus implementation, and with metrics off every
 * call goes to NO_METRICS, which does nothing.
 */

export type LoginOutcome = 'success' | 'failure' | 'throttled' | 'refused';
export type Backend = 'database' | 'redis';
export type BackendErrorKind = 'unavailable' | 'failed' | 'connection';

/** Read when metrics are collected (a scrape), not kept up to date on every change. */
export type LiveCounts = {
  /** Sockets connected to this process. */
  sockets(): number;
  /** Users with at least one socket on this process. */
  users(): number;
};

export interface Metrics {
  /** A batch of messages committed: its size, and how many of them were new (not retries). */
  batchStored(size: number, created: number): void;
  /** A socket event was answered `seconds` after it arrived. */
  acked(event: string, seconds: number): void;
  login(outcome: LoginOutcome): void;
  /** A rate limiter (`message`, `login`, `handshake`, …) refused a request. */
  rateLimited(limiter: string): void;
  /**
   * A store call failed: the backend was `unavailable` (unreachable, timed out) or the call `failed`
   * (a query refused); or Redis's connection reported an error (`connection`, once per reconnection attempt).
   */
  backendError(backend: Backend, kind: BackendErrorKind): void;
  /** Password hashing now in flight and waiting for a slot. */
  hashing(inFlight: number, waiting: number): void;
  /** Where the live counts come from (the realtime layer). */
  watch(counts: LiveCounts): void;
}

export const NO_METRICS: Metrics = {
  batchStored: () => undefined,
  acked: () => undefined,
  login: () => undefined,
  rateLimited: () => undefined,
  backendError: () => undefined,
  hashing: () => undefined,
  watch: () => undefined,
};
