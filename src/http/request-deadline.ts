/**
 * A request that a hung backend would hold open forever (MySQL frozen with its connections open
 * has no query timeout) is answered 503 after a deadline instead. The work may still finish later;
 * its late response is dropped.
 */
import type { RequestHandler } from 'express';
import { StoreUnavailableError } from '../chat/errors';

export const REQUEST_DEADLINE_MS = 10_000;

export function requestDeadline(ms = REQUEST_DEADLINE_MS): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) next(new StoreUnavailableError(`no answer within ${ms} ms`));
    }, ms);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    res.once('finish', () => clearTimeout(timer));
    next();
  };
}
