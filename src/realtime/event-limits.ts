/**
 * Per-user allowances for socket events (rate-limiter-flexible). Messages follow MESSAGE_RATE /
 * MESSAGE_BURST and are shared by every process through Redis when it is configured, with an
 * in-process limiter as insurance while Redis is away. The cheaper events are bounded per process
 * so that no client can make the server do unbounded work.
 */
import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { LIMITS } from '../shared';
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
};

function wrap(limiter: RateLimiterAbstract | BurstyRateLimiter): EventLimiter {
  return async (userId) => {
    try {
      await limiter.consume(userId);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError();
      throw error;
    }
  };
}

function shared(options: EventLimitOptions, name: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: name });
  if (!options.redis) return memory;
  return new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.redisPrefix}limit:${name}`,
    points,
    duration,
    insuranceLimiter: memory,
  });
}

/** The burst pool of message actions refills over this long, so a sustained flood gets little more than actionRate. */
const ACTION_BURST_REFILL_SEC = 10;

const perProcess = (points: number, duration: number) => wrap(new RateLimiterMemory({ points, duration }));

export function createEventLimits(options: EventLimitOptions): EventLimits {
  const sustained = shared(options, 'msg', options.messageRate, 1);
  // The burst pool refills at the sustained rate: MESSAGE_BURST messages over BURST/RATE seconds.
  const burstSeconds = Math.max(1, Math.ceil(options.messageBurst / options.messageRate));
  const burst = shared(options, 'msgburst', options.messageBurst, burstSeconds);
  return {
    message: wrap(new BurstyRateLimiter(sustained, burst)),
    typing: perProcess(30, 5),
    read: perProcess(100, 10),
    search: perProcess(30, 10),
    change: perProcess(60, 60),
    // actionRate a second, and at most actionBurst at once: the burst pool holds the difference.
    action: wrap(
      new BurstyRateLimiter(
        shared(options, 'act', LIMITS.actionRate, 1),
        shared(options, 'actburst', LIMITS.actionBurst - LIMITS.actionRate, ACTION_BURST_REFILL_SEC),
      ),
    ),
  };
}
