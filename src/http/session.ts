/**
 * The session: express-session over the store main.ts picked (Redis or the SQL database), and the
 * small promise helpers the routes use. The plain middleware is shared with Socket.IO, which reads
 * `userId` and `username` from it.
 */
import type { Request, RequestHandler } from 'express';
import session, { type Store } from 'express-session';
import { StoreUnavailableError } from '../chat/errors';
import { SESSION_POLICY } from '../security/session-policy';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user's id; absent in a session that only holds a CSRF token. */
    userId: string;
    /** The username as registered. */
    username: string;
    /** When the user signed in (epoch ms): the start of the absolute lifetime. */
    createdAt: number;
    /** Where the session was last used from, for the account page's list of sessions. */
    userAgent: string;
    address: string;
    /** Epoch ms of the last request, kept to the minute (session-activity.ts). */
    lastSeenAt: number;
  }
}

export const SESSION_COOKIE = 'chat.sid';

export type SessionOptions = { secret: string; store: Store };

export function createSessionMiddleware({ secret, store }: SessionOptions): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // `proxy` unset: Secure follows req.secure, i.e. TLS directly or through a trusted proxy.
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: SESSION_POLICY.idleMs },
  });
}

/**
 * The session middleware for HTTP routes: a store that cannot load a session becomes a 503
 * (StoreUnavailableError) instead of a 500, and so does a store express-session has given up on.
 */
export function requireSession(sessionMiddleware: RequestHandler): RequestHandler {
  return (req, res, next) => {
    sessionMiddleware(req, res, (error?: unknown) => {
      if (error) return next(new StoreUnavailableError('session store unavailable', { cause: error }));
      if (!req.session) return next(new StoreUnavailableError('session store disconnected'));
      next();
    });
  };
}

export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error: unknown) => (error ? reject(asUnavailable(error)) : resolve()));
  });
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.save((error: unknown) => (error ? reject(asUnavailable(error)) : resolve()));
  });
}

export function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.destroy((error: unknown) => (error ? reject(asUnavailable(error)) : resolve()));
  });
}

/** Starts a fresh signed-in session (a new id: no fixation) and stores it before answering. */
export async function signIn(req: Request, user: { id: string; username: string }): Promise<void> {
  await regenerateSession(req);
  req.session.userId = user.id;
  req.session.username = user.username;
  req.session.createdAt = Date.now();
  noteActivity(req, req.session.createdAt);
  await saveSession(req);
}

/** The longest User-Agent kept: enough to tell the browser and system, never a large blob. */
const USER_AGENT_MAX = 256;

/** Records where and when the session was used; the caller saves (or express-session does). */
export function noteActivity(req: Request, now: number): void {
  req.session.lastSeenAt = now;
  req.session.userAgent = (req.get('user-agent') ?? '').slice(0, USER_AGENT_MAX);
  req.session.address = req.ip ?? '';
}

function asUnavailable(error: unknown): Error {
  return error instanceof StoreUnavailableError
    ? error
    : new StoreUnavailableError('session store unavailable', { cause: error });
}
