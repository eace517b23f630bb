/**
 * Backends that must answer in time: the one deadline helper (acks, health checks) and the shape of
 * the health checks every set of stores offers.
 */
import { StoreUnavailableError } from './errors';

/** Each resolves when its backend answers, and throws when it cannot be reached. */
export type HealthChecks = { db: () => Promise<void>; sessions: () => Promise<void> };

/**
 * Settles as `work` does, or rejects with StoreUnavailableError(`${what} did not answer within ms`)
 * once `ms` have passed. The work itself goes on; only the wait for it ends.
 */
export function withinDeadline<T>(work: Promise<T>, ms: number, what = 'the backend'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
