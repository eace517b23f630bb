/**
 * Brute-force protection for sign-in. Two counters of failures, both keyed by the username ignoring
 * case: one per (username, address) — LOGIN_MAX_FAILURES in 15 minutes, reset by a success — and a
 * looser one for the username from anywhere, against guessing spread over many addresses, that an
 * owner's success does not reset but does not count against either.
 *
 * An attempt reserves its point before the password is checked, so parallel guesses cannot slip
 * past the limit between the check and the count.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { attempt, createLimiter, retryAfterSeconds, settle, type LimiterBackend } from './limiter';

const WINDOW_SEC = 15 * 60;
const USERNAME_WINDOW_SEC = 60 * 60;
/** The username-from-anywhere limit, as a multiple of the per-address one. */
const USERNAME_FACTOR = 10;

export type LoginThrottleOptions = { maxFailures: number };

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSec: number };

export class LoginThrottle {
  private readonly perAddress: RateLimiterAbstract;
  private readonly perUsername: RateLimiterAbstract;

  constructor(backend: LimiterBackend, { maxFailures }: LoginThrottleOptions) {
    this.perAddress = createLimiter(backend, {
      name: 'login:user-address',
      points: maxFailures,
      durationSec: WINDOW_SEC,
    });
    this.perUsername = createLimiter(backend, {
      name: 'login:user',
      points: maxFailures * USERNAME_FACTOR,
      durationSec: USERNAME_WINDOW_SEC,
    });
  }

  /**
   * Reserves one attempt for this username from this address, counted as a failure until
   * `succeeded` says otherwise. While Redis is away the counts go on in this process (limiter.ts);
   * StoreUnavailableError only if the counters fail outright.
   */
  async begin(username: string, address: string): Promise<AttemptVerdict> {
    const { user, pair } = keys(username, address);
    const byPair = await attempt(() => this.perAddress.consume(pair));
    if (byPair.refused) return { allowed: false, retryAfterSec: retryAfterSeconds(byPair.refused) };
    const byUser = await attempt(() => this.perUsername.consume(user));
    if (byUser.refused) return { allowed: false, retryAfterSec: retryAfterSeconds(byUser.refused) };
    return { allowed: true };
  }

  /** The password was never checked (the server was too busy): the attempt does not count. */
  async cancelled(username: string, address: string): Promise<void> {
    const { user, pair } = keys(username, address);
    await settle(() => this.perAddress.reward(pair));
    await settle(() => this.perUsername.reward(user));
  }

  /** The owner got in: forget this address's failures and give back the attempt's point. */
  async succeeded(username: string, address: string): Promise<void> {
    const { user, pair } = keys(username, address);
    await settle(() => this.perAddress.delete(pair));
    await settle(() => this.perUsername.reward(user));
  }
}

function keys(username: string, address: string): { user: string; pair: string } {
  const user = username.toLowerCase();
  return { user, pair: `${user}|${address}` };
}
