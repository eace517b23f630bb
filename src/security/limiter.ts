/**
 * One factory for every counter: RateLimiterRedis when Redis is configured (the counts are shared by
 * every process and survive restarts), RateLimiterMemory otherwise. Backend failures surface as
 * StoreUnavailableError; a refusal surfaces as a RateLimiterRes, as the library does.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { StoreUnavailableError } from '../chat/errors';

export type LimiterBackend = { redis: Redis | undefined; redisPrefix: string };

export type LimiterOptions = { name: string; points: number; durationSec: number };

export function createLimiter(backend: LimiterBackend, { name, points, durationSec }: LimiterOptions): RateLimiterAbstract {
  if (!backend.redis) return new RateLimiterMemory({ keyPrefix: name, points, duration: durationSec });
  return new RateLimiterRedis({
    storeClient: backend.redis,
    keyPrefix: `${backend.redisPrefix}rl:${name}`,
    points,
    duration: durationSec,
    // Fail at once while Redis is away instead of queueing behind the reconnect.
    rejectIfRedisNotReady: true,
  });
}

/** Seconds to announce in Retry-After: whole seconds, at least one. */
export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Runs a limiter call. Resolves with the library's result, or with `{ refused }` when the limit is
 * reached; throws StoreUnavailableError when the backend fails.
 */
export async function attempt(call: () => Promise<RateLimiterRes>): Promise<{ refused?: RateLimiterRes }> {
  try {
    await call();
    return {};
  } catch (error) {
    if (error instanceof RateLimiterRes) return { refused: error };
    throw new StoreUnavailableError('rate limiter backend unavailable', { cause: error });
  }
}

/** Runs a limiter call whose answer does not matter (resets, refunds); backend failures still throw. */
export async function settle(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RateLimiterRes) return;
    throw new StoreUnavailableError('rate limiter backend unavailable', { cause: error });
  }
}
