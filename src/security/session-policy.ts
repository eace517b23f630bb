/**
 * How long sessions live. Shared by the HTTP layer (which enforces it per request) and the realtime
 * layer (which re-checks connected sockets), so both end a session at the same moment.
 */
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export const SESSION_POLICY = {
  /** Signed-in sessions end after this long without a request (the cookie rolls forward). */
  idleMs: 7 * DAY_MS,
  /** …and this long after sign-in whatever the activity: a stolen cookie does not live forever. */
  absoluteMs: 30 * DAY_MS,
  /** Sessions made only to hold a form's CSRF token, before anyone signs in. */
  anonymousMs: DAY_MS,
} as const;

/** True when a signed-in session began (`createdAt`, epoch ms) too long ago, or its start is unknown. */
export function isPastAbsoluteLifetime(createdAt: unknown, now = Date.now()): boolean {
  return typeof createdAt !== 'number' || now - createdAt > SESSION_POLICY.absoluteMs;
}
