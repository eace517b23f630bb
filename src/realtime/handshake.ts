/** Handshake authentication: the session cookie alone says who connects. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Session, SessionData } from 'express-session';
import type { ChatSocket } from './types';

export type EngineMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

type SessionRequest = IncomingMessage & {
  session?: Session & Partial<SessionData>;
  sessionID?: string;
  _query?: Record<string, string>;
};

/**
 * An Engine.IO request that opens a connection; later ones (polls, upgrades) carry its `sid`.
 * Falsy like engine.io's own test, so `?sid=` (empty) counts as the handshake it is.
 */
export function isHandshake(req: IncomingMessage): boolean {
  return !(req as SessionRequest)._query?.sid;
}

/**
 * Runs the session middleware on the handshake request only: later polling requests of the same
 * connection do not need it, and a rolling session would otherwise be re-saved on every poll.
 */
export function onlyForHandshake(middleware: RequestHandler): EngineMiddleware {
  return (req, res, next) => {
    // engine.io hands Node's request and response; express-session needs nothing more of them.
    if (isHandshake(req)) (middleware as unknown as EngineMiddleware)(req, res, next);
    else next();
  };
}

export function authenticateHandshake(socket: ChatSocket, next: (error?: Error) => void): void {
  const req = socket.request as SessionRequest; // engine.use(session) above decorated it
  const session = req.session;
  if (!session?.userId || !session.username || !req.sessionID) {
    next(new Error('unauthorized'));
    return;
  }
  socket.data.userId = session.userId;
  socket.data.username = session.username;
  socket.data.sessionId = req.sessionID;
  next();
}
