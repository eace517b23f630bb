/**
 * Ending connections at shutdown so that any client reconnects by itself. A Socket.IO disconnect
 * (`socket.disconnect()`, `disconnectSockets()`) sends a DISCONNECT packet, which a standard
 * socket.io-client takes as "io server disconnect": it stops for good. Closing the transport
 * instead reads as "transport close" on the client, and its reconnection takes over: to another
 * process, or to this address once the server answers again (PROTOCOL.md, "Handshakes and
 * restarts").
 */
import type { ChatSocket } from './types';

/**
 * How long the transports may take to finish closing before the server stops anyway: a
 * long-polling client between two polls takes its last packets and the close with the next poll,
 * normally within milliseconds; later, it finds the server gone, and reconnects all the same.
 */
export const TRANSPORT_CLOSE_WAIT_MS = 1000;

/**
 * Closes the socket's transport, after the packets already queued for it (acks of accepted
 * messages) have gone out, and ends the socket on this side at once, so that its presence
 * bookkeeping runs now rather than whenever the transport finishes closing. Resolves once the
 * transport has closed.
 */
export function endForRestart(socket: ChatSocket): Promise<void> {
  const { conn } = socket;
  const closed = new Promise<void>((resolve) => {
    if (conn.readyState === 'closed') resolve();
    else conn.once('close', () => resolve());
  });
  conn.close();
  // What Socket.IO's own `io.close()` does for each socket: the 'disconnect' handlers run, no packet is sent.
  socket._onclose('server shutting down');
  return closed;
}

/**
 * Ends every socket this process holds (never other processes' sockets, as `disconnectSockets`
 * through the adapter would). The 'disconnect' handlers have run when it returns; the promise
 * resolves once the transports have closed, or after `waitMs`.
 */
export function endAllForRestart(sockets: Iterable<ChatSocket>, waitMs = TRANSPORT_CLOSE_WAIT_MS): Promise<void> {
  const closed = Promise.all([...sockets].map(endForRestart));
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  return Promise.race([closed, waited]).then(() => clearTimeout(timer));
}
