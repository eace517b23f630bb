/**
 * The metrics port (chat/metrics.ts) on prom-client. Each instance has its own registry, so several
 * apps in one process (the tests) never clash, plus prom-client's default process metrics (CPU,
 * memory, event-loop lag, GC). Series names are listed in the README.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Backend, BackendErrorKind, LiveCounts, LoginOutcome, Metrics } from '../chat/metrics';

export type PrometheusMetrics = Metrics & { registry: Registry };

/** Acks are about a millisecond when all is well and up to the 8 s ack deadline when not. */
const ACK_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 8];
/** The writer stores at most 256 messages a batch. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let live: LiveCounts | undefined;

  new Gauge({
    name: 'chat_connected_sockets',
    help: 'Sockets connected to this process',
    registers,
    collect() {
      this.set(live?.sockets() ?? 0);
    },
  });
  new Gauge({
    name: 'chat_online_users',
    help: 'Users with at least one socket on this process',
    registers,
    collect() {
      this.set(live?.users() ?? 0);
    },
  });
  const stored = new Counter({ name: 'chat_messages_stored_total', help: 'Messages stored (committed)', registers });
  const batches = new Histogram({
    name: 'chat_message_batch_size',
    help: 'Messages per committed batch (group commit)',
    buckets: BATCH_BUCKETS,
    registers,
  });
  const acks = new Histogram({
    name: 'chat_ack_duration_seconds',
    help: 'Time from a socket event arriving to its ack, by event',
    labelNames: ['event'],
    buckets: ACK_BUCKETS,
    registers,
  });
  const logins = new Counter({
    name: 'chat_logins_total',
    help: 'Sign-in attempts by outcome: success, failure, throttled (too many failures), refused (server busy hashing)',
    labelNames: ['outcome'],
    registers,
  });
  const limited = new Counter({
    name: 'chat_rate_limited_total',
    help: 'Requests refused by a rate limiter, by limiter',
    labelNames: ['limiter'],
    registers,
  });
  const backendErrors = new Counter({
    name: 'chat_backend_errors_total',
    help: 'Failed store calls by backend (database, redis) and kind (unavailable, failed), and Redis connection errors',
    labelNames: ['backend', 'kind'],
    registers,
  });
  const hashingInFlight = new Gauge({ name: 'chat_password_hashing_in_flight', help: 'bcrypt hashes running', registers });
  const hashingWaiting = new Gauge({
    name: 'chat_password_hashing_waiting',
    help: 'bcrypt hashes waiting for a slot',
    registers,
  });

  // Every label a series can take starts at 0, so a rate() sees its first increment.
  for (const outcome of ['success', 'failure', 'throttled', 'refused'] satisfies LoginOutcome[]) logins.inc({ outcome }, 0);
  for (const backend of ['database', 'redis'] satisfies Backend[]) {
    for (const kind of ['unavailable', 'failed'] satisfies BackendErrorKind[]) backendErrors.inc({ backend, kind }, 0);
  }
  backendErrors.inc({ backend: 'redis', kind: 'connection' }, 0);

  return {
    registry,
    batchStored(size, created) {
      batches.observe(size);
      if (created > 0) stored.inc(created);
    },
    acked: (event, seconds) => acks.observe({ event }, seconds),
    login: (outcome) => logins.inc({ outcome }),
    rateLimited: (limiter) => limited.inc({ limiter }),
    backendError: (backend, kind) => backendErrors.inc({ backend, kind }),
    hashing(inFlight, waiting) {
      hashingInFlight.set(inFlight);
      hashingWaiting.set(waiting);
    },
    watch(counts) {
      live = counts;
    },
  };
}
