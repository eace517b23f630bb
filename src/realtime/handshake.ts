/**
 * Handshake authentication: the session cookie alone says who connects. A socket keeps its
 * handshake request for as long as it lives, so the identity is read from the session once and
 * nothing of the session (Session, Cookie, express-session's per-request closures) stays on it.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Session, SessionData } from 'express-session';
import type { ChatSocket, SocketData } from './types';

export type EngineMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** What express-session (and parseurl, for it) adds to a request, and engine.io's parsed query. */
type SessionRequest = IncomingMessage & {
  session?: Session & Partial<SessionData>;
  sessionID?: string;
  sessionStore?: unknown;
  _parsedUrl?: unknown;
  _query?: Record<string, string>;
};

/** Identities read at the handshake, until the Socket.IO middleware takes them (gone with the request). */
const identities = new WeakMap<IncomingMessage, SocketData>();

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
 * Notes who the session says connects, for authenticateHandshake.
 */
export function onlyForHandshake(middleware: RequestHandler): EngineMiddleware {
  return (req, res, next) => {
    if (!isHandshake(req)) return next();
    // engine.io hands Node's request and response; express-session needs nothing more of them.
    (middleware as unknown as EngineMiddleware)(req, res, (error) => {
      const identity = identityOf(req);
      if (identity) identities.set(req, identity);
      // A polling handshake's response still needs the session (a rolling session is touched as it
      // ends); a websocket upgrade has no response that uses it.
      if (!(res instanceof ServerResponse)) releaseUpgradeSession(req, res);
      next(error);
    });
  };
}

/**
 * The user a handshake's valid session names, once onlyForHandshake has run on it; undefined for a
 * handshake without one (no cookie, a forged or expired one). Read without taking it.
 */
export function handshakeUserId(req: IncomingMessage): string | undefined {
  return identities.get(req)?.userId;
}

function identityOf(req: SessionRequest): SocketData | undefined {
  const { session, sessionID } = req;
  if (!session?.userId || !session.username || !sessionID) return undefined;
  return { userId: session.userId, username: session.username, sessionId: sessionID };
}

/**
 * A websocket upgrade is answered on the raw socket, never through the stand-in response engine.io
 * hands its middlewares, and that stand-in lives as long as the connection: the `end` and
 * `writeHead` wrappers express-session put on it would keep its per-request state alive for
 * nothing. The request's session fields go too, newest first: engine.io then deletes its own
 * field added before them, and a delete of the newest field keeps V8's compact layout for the
 * request (any other turns it into a dictionary of about 1.6 KB, kept as long as the socket).
 */
function releaseUpgradeSession(req: SessionRequest, res: ServerResponse): void {
  for (const method of ['end', 'writeHead'] as const) if (Object.hasOwn(res, method)) Reflect.deleteProperty(res, method);
  delete req.session;
  delete req.sessionID;
  delete req.sessionStore;
  delete req._parsedUrl;
}

export function authenticateHandshake(socket: ChatSocket, next: (error?: Error) => void): void {
  const req = socket.request as SessionRequest; // engine.use(onlyForHandshake(session)) above ran on it
  const identity = identities.get(req);
  identities.delete(req);
  // A polling handshake's response, which could touch the session, was sent before this CONNECT
  // came: the session is no longer needed (assigned, not deleted, to keep the request compact).
  if (req.session !== undefined) req.session = undefined;
  if (req.sessionStore !== undefined) req.sessionStore = undefined;
  if (!identity) {
    next(new Error('unauthorized'));
    return;
  }
  socket.data.userId = identity.userId;
  socket.data.username = identity.username;
  socket.data.sessionId = identity.sessionId;
  next();
}
