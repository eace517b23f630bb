/**
 * Keeps a signed-in session's "last seen" (and the address and browser it was last used from)
 * for the account page. Written at most once a minute, so most requests leave the session as it
 * was and express-session only touches its expiry.
 */
import type { RequestHandler } from 'express';
import { noteActivity } from './session';

export const ACTIVITY_RESOLUTION_MS = 60_000;

export function trackSessionActivity(now: () => number = Date.now): RequestHandler {
  return (req, _res, next) => {
    const { userId, lastSeenAt } = req.session;
    const time = now();
    if (userId && (typeof lastSeenAt !== 'number' || time - lastSeenAt >= ACTIVITY_RESOLUTION_MS)) {
      noteActivity(req, time);
    }
    next();
  };
}
