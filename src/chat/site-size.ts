/**
 * Whether the site is large (more than `LIMITS.fullUserListMax` registered users, or the configured number), the switch
 * between presence told to everyone and presence told to those who can see it. Users are never
 * removed, so once large a site stays large and the count is never read again. While small the
 * count (of at most 500 rows) is read again when a sign-up here says it grew, and at most every
 * `maxAgeMs` otherwise: a sign-up on another process is seen that much later.
 */
import { LIMITS } from '../shared';
import type { Clock, UserStore } from './ports';

export class SiteSize {
  private large = false;
  private counted: { at: number; reading: Promise<number> } | undefined;

  constructor(
    private readonly users: Pick<UserStore, 'count'>,
    private readonly clock: Clock,
    /** Registered users past which the site is large. */
    private readonly largeAbove: number = LIMITS.fullUserListMax,
    private readonly maxAgeMs = 1000,
  ) {}

  async isLarge(): Promise<boolean> {
    if (this.large) return true;
    const now = this.clock();
    let counted = this.counted;
    if (!counted || now - counted.at >= this.maxAgeMs) {
      // Shared by every question asked while it runs (a storm of connects reads the count once).
      const reading = this.users.count();
      counted = this.counted = { at: now, reading };
      // A failed read is not remembered: the next question reads again.
      reading.catch(() => {
        if (this.counted?.reading === reading) this.counted = undefined;
      });
    }
    if ((await counted.reading) > this.largeAbove) this.large = true;
    return this.large;
  }

  /** A user signed up here: the next question counts again. */
  grew(): void {
    this.counted = undefined;
  }
}
