/**
 * The one factory for every rate limiter (sign-in, sign-up, socket events, handshakes):
 * RateLimiterRedis when Redis is configured (the counts are shared by every process and survive
 * restarts), RateLimiterMemory otherwise or when the limiter is per process by design.
 *
 * Redis outage policy, the same for every limiter: while Redis is away each process keeps counting
 * on its own, in memory, with the same allowance (rate-limiter-flexible's insurance limiter), and no
 * call waits behind the reconnect (rejectIfRedisNotReady). So a limit still holds on every process,
 * a flood is never let through, and nothing a user does fails only because the counters are away.
 * test/security/limiter.test.ts holds this policy against a Redis that cannot be reached.
 *
 * A refusal surfaces as a RateLimiterRes, as the library does; `attempt` and `settle` turn any other
 * failure into StoreUnavailableError.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { StoreUnavailableError } from '../chat/errors';

export type LimiterBackend = { redis: Redis | undefined; redisPrefix: string };

export type LimiterOptions = {
  name: string;
  points: number;
  durationSec: number;
  /** Counted in this process only, even with Redis: cheap events bounded so no client makes unbounded work. */
  perProcess?: boolean;
};

export function createLimiter(backend: LimiterBackend, options: LimiterOptions): RateLimiterAbstract {
  const { name, points, durationSec } = options;
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: durationSec });
  if (!backend.redis || options.perProcess) return memory;
  return new RateLimiterRedis({
    storeClient: backend.redis,
    keyPrefix: `${backend.redisPrefix}limit:${name}`,
    points,
    duration: durationSec,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
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
