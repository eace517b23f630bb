/**
 * Sockets outlive the HTTP request that authenticated them, so each one re-checks its session now
 * and then and closes once the session has expired (idle or past its absolute lifetime) or was
 * destroyed elsewhere.
 */
import type { Store as SessionStore, SessionData } from 'express-session';
import { isPastAbsoluteLifetime } from '../security/session-policy';
import type { ChatSocket } from './types';

export const SESSION_RECHECK_MS = 60_000;

function loadSession(store: SessionStore, sessionId: string): Promise<Partial<SessionData> | null | undefined> {
  return new Promise((resolve, reject) => store.get(sessionId, (error, session) => (error ? reject(error) : resolve(session))));
}

export function guardSession(socket: ChatSocket, store: SessionStore, intervalMs = SESSION_RECHECK_MS): void {
  // Jitter spreads the checks of sockets that connected together.
  const period = intervalMs + Math.floor(Math.random() * intervalMs * 0.2);
  // The timer carries its socket and store as arguments: one shared function, no closure per socket.
  const timer = setInterval(recheck, period, socket, store);
  timer.unref();
  // 'disconnect' comes once: a plain listener, without the wrapper `once` would add.
  socket.on('disconnect', () => clearInterval(timer));
}

function recheck(socket: ChatSocket, store: SessionStore): void {
  loadSession(store, socket.data.sessionId).then(
    (session) => {
      const stillValid = session?.userId === socket.data.userId && !isPastAbsoluteLifetime(session.createdAt);
      if (!stillValid) socket.disconnect(true);
    },
    () => undefined, // store unreachable: keep the socket, check again next time
  );
}
