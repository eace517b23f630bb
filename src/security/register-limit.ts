/**
 * REGISTER_MAX_PER_HOUR sign-ups per address. A sign-up reserves its place before the work and gives
 * it back when it does not create an account, so only successful sign-ups count and parallel ones
 * cannot exceed the limit.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { attempt, createLimiter, retryAfterSeconds, settle, type LimiterBackend } from './limiter';
import type { AttemptVerdict } from './login-throttle';

const WINDOW_SEC = 60 * 60;

export class RegisterLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(backend: LimiterBackend, { maxPerHour }: { maxPerHour: number }) {
    this.limiter = createLimiter(backend, { name: 'register:address', points: maxPerHour, durationSec: WINDOW_SEC });
  }

  /** While Redis is away the count goes on in this process (limiter.ts); StoreUnavailableError only if it fails outright. */
  async reserve(address: string): Promise<AttemptVerdict> {
    const result = await attempt(() => this.limiter.consume(address));
    return result.refused ? { allowed: false, retryAfterSec: retryAfterSeconds(result.refused) } : { allowed: true };
  }

  /** The sign-up created nothing: it does not count. */
  async release(address: string): Promise<void> {
    await settle(() => this.limiter.reward(address));
  }
}
