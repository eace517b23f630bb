/**
 * Per-user allowances for socket events (rate-limiter-flexible). Messages follow MESSAGE_RATE /
 * MESSAGE_BURST and are shared by every process through Redis when it is configured (while Redis
 * is away, as every limiter does: see security/limiter.ts). The cheaper events are bounded per process
 * so that no client can make the server do unbounded work.
 */
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Metrics } from '../chat/metrics';
import { LIMITS } from '../shared';
import { createLimiter, type LimiterBackend } from '../security/limiter';
import { RateLimitedError } from './ack';

export type EventLimiter = (userId: string) => Promise<void>;

export type EventLimits = {
  message: EventLimiter;
  typing: EventLimiter;
  read: EventLimiter;
  search: EventLimiter;
  change: EventLimiter;
  /** Edits, deletes and reactions: one shared per-user allowance, so no script floods a room with updates. */
  action: EventLimiter;
};

export type EventLimitOptions = {
  messageRate: number;
  messageBurst: number;
  redis: Redis | undefined;
  redisPrefix: string;
  /** Each refusal is counted under the allowance's name (`message`, `typing`, …). */
  metrics: Pick<Metrics, 'rateLimited'>;
};

function wrap(
  name: string,
  limiter: RateLimiterAbstract | BurstyRateLimiter,
  metrics: EventLimitOptions['metrics'],
): EventLimiter {
  return async (userId) => {
    try {
      await limiter.consume(userId);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        metrics.rateLimited(name);
        throw new RateLimitedError();
      }
      throw error;
    }
  };
}

/** The burst pool of message actions refills over this long, so a sustained flood gets little more than actionRate. */
const ACTION_BURST_REFILL_SEC = 10;

export function createEventLimits(options: EventLimitOptions): EventLimits {
  const backend: LimiterBackend = { redis: options.redis, redisPrefix: options.redisPrefix };
  const limiter = (name: string, points: number, durationSec: number, perProcess = false) =>
    createLimiter(backend, { name, points, durationSec, perProcess });
  const { metrics } = options;
  const perProcess = (name: string, points: number, durationSec: number) =>
    wrap(name, limiter(name, points, durationSec, true), metrics);
  const sustained = limiter('msg', options.messageRate, 1);
  // The burst pool refills at the sustained rate: MESSAGE_BURST messages over BURST/RATE seconds.
  const burstSeconds = Math.max(1, Math.ceil(options.messageBurst / options.messageRate));
  const burst = limiter('msgburst', options.messageBurst, burstSeconds);
  return {
    message: wrap('message', new BurstyRateLimiter(sustained, burst), metrics),
    typing: perProcess('typing', 30, 5),
    read: perProcess('read', 100, 10),
    search: perProcess('search', 30, 10),
    change: perProcess('change', 60, 60),
    // actionRate a second, and at most actionBurst at once: the burst pool holds the difference.
    action: wrap(
      'action',
      new BurstyRateLimiter(
        limiter('act', LIMITS.actionRate, 1),
        limiter('actburst', LIMITS.actionBurst - LIMITS.actionRate, ACTION_BURST_REFILL_SEC),
      ),
      metrics,
    ),
  };
}
