/**
 * Redis Pub/Sub delivers only to subscribers connected at that moment: while this process's
 * subscriber is away, what the other processes broadcast never reaches its sockets. When it is
 * back, this process closes its sockets' transports: clients reconnect (to any process) and catch up from history
 * (`chatHistory` with `after`), as they do after a restart, instead of missing messages silently.
 * A frozen connection loses nothing (TCP delivers late), so only a closed one counts.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { endAllForRestart } from './end-connections';
import type { ChatServer } from './types';

export function reconnectSocketsAfterSubscriberLoss(subscriber: Redis, io: ChatServer, logger: Logger): void {
  let ready = false;
  let lostAt: number | undefined;
  subscriber.on('close', () => {
    if (ready && lostAt === undefined) lostAt = Date.now();
  });
  subscriber.on('ready', () => {
    ready = true;
    if (lostAt === undefined) return;
    const awayMs = Date.now() - lostAt;
    lostAt = undefined;
    logger.warn(
      { awayMs, sockets: io.of('/').sockets.size },
      'Redis subscriber is back: ending local sockets so clients catch up',
    );
    // Transports closed, not sockets disconnected: "io server disconnect" would tell a standard
    // client never to come back, while "transport close" lets it reconnect by itself.
    void endAllForRestart(io.of('/').sockets.values());
  });
}
