/**
 * Who is signed in. A session past its absolute lifetime, or whose user no longer exists, is ended
 * here and the request goes on as signed out; the realtime layer hears of it through
 * `onSessionEnded` so the session's sockets close too.
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Account, Accounts } from '../chat/accounts';
import { isPastAbsoluteLifetime } from '../security/session-policy';
import { regenerateSession } from './session';

declare module 'express-serve-static-core' {
  interface Locals {
    /** Set by `loadAccount` when the session belongs to an existing user. */
    account?: Account;
  }
}

export type SessionEndedListener = (sessionId: string) => unknown;

/** Tells the listener a session is over; its failures are logged, never the request's problem. */
export function announceSessionEnded(listener: SessionEndedListener, sessionId: string, logger: Logger): void {
  Promise.resolve()
    .then(() => listener(sessionId))
    .catch((error: unknown) => logger.warn({ err: error }, 'could not disconnect the sockets of an ended session'));
}

async function endSession(req: Request, listener: SessionEndedListener, logger: Logger): Promise<void> {
  const sessionId = req.sessionID;
  // A fresh, empty session in its place: what follows sees a signed-out visitor.
  await regenerateSession(req);
  announceSessionEnded(listener, sessionId, logger);
}

/** Ends signed-in sessions past their absolute lifetime, on every route behind the session. */
export function enforceSessionLifetime(listener: SessionEndedListener, logger: Logger): RequestHandler {
  return async (req, _res, next) => {
    if (req.session.userId && isPastAbsoluteLifetime(req.session.createdAt)) {
      await endSession(req, listener, logger);
    }
    next();
  };
}

/** Sets `res.locals.account` for a session whose user exists; ends the session of one that does not. */
export function loadAccount(accounts: Accounts, listener: SessionEndedListener, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    const { userId } = req.session;
    if (userId) {
      const account = await accounts.findById(userId);
      if (account) res.locals.account = account;
      else await endSession(req, listener, logger);
    }
    next();
  };
}
