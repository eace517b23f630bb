/** UPLOAD_MAX_PER_MINUTE uploads per user, counted across processes when Redis is configured. */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { attempt, createLimiter, retryAfterSeconds, type LimiterBackend } from './limiter';
import type { AttemptVerdict } from './login-throttle';

export class UploadLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(backend: LimiterBackend, { maxPerMinute }: { maxPerMinute: number }) {
    this.limiter = createLimiter(backend, { name: 'upload:user', points: maxPerMinute, durationSec: 60 });
  }

  /** Counts one upload of the user's; refused past the limit, with the seconds until the next is allowed. */
  async take(userId: string): Promise<AttemptVerdict> {
    const result = await attempt(() => this.limiter.consume(userId));
    return result.refused ? { allowed: false, retryAfterSec: retryAfterSeconds(result.refused) } : { allowed: true };
  }
}
