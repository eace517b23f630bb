/**
 * Bounds on connections. Handshakes are counted per user when they carry a valid session (so a
 * thousand people behind one address reconnect as fast as a thousand offices) and per client
 * address only when they do not; either way before any presence work, shared by every process
 * through Redis when it is configured. Sockets are counted per user on every process through the
 * presence store.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BurstyRateLimiter, RateLimiterRes } from 'rate-limiter-flexible';
import type { Engine } from '../chat/engine';
import type { Metrics } from '../chat/metrics';
import { createAddressResolver } from '../security/client-address';
import { createLimiter, retryAfterSeconds } from '../security/limiter';
import { handshakeUserId, isHandshake, type EngineMiddleware } from './handshake';
import type { ChatSocket } from './types';

export const TOO_MANY_SOCKETS = 'too many connections';

export type HandshakeLimitOptions = {
  /** Handshakes per user (with a session) or per address (without) per second, sustained. */
  rate: number;
  /** Handshakes per user or address over 10 s on top of the sustained rate. */
  burst: number;
  trustProxy: boolean | number | string;
  redis: Redis | undefined;
  redisPrefix: string;
  logger: Logger;
  metrics: Pick<Metrics, 'rateLimited'>;
};

const BURST_WINDOW_SEC = 10;

/**
 * Refuses a handshake (polling or websocket) past its allowance: 429 with Retry-After. Runs after
 * the session middleware (onlyForHandshake): a handshake whose session is valid spends its user's
 * allowance, any other its address's. Reading the session first costs nothing for a handshake
 * without a cookie or with a forged one (express-session checks the signature before any lookup).
 * Later requests of an open connection carry its `sid` and are not counted.
 */
export function throttleHandshakes(options: HandshakeLimitOptions): EngineMiddleware {
  const limiter = (name: string) =>
    new BurstyRateLimiter(
      createLimiter(options, { name, points: options.rate, durationSec: 1 }),
      createLimiter(options, { name: `${name}-burst`, points: options.burst, durationSec: BURST_WINDOW_SEC }),
    );
  const perUser = limiter('handshake-user');
  const perAddress = limiter('handshake');
  const addressOf = createAddressResolver(options.trustProxy);
  return (req, res, next) => {
    if (!isHandshake(req)) return next();
    const userId = handshakeUserId(req);
    const [counted, key] = userId ? [perUser, userId] : [perAddress, addressOf(req)];
    counted.consume(key).then(
      () => next(),
      (error: unknown) => {
        if (!(error instanceof RateLimiterRes)) {
          options.logger.warn({ err: error }, 'handshake limiter failed; letting the handshake through');
          return next();
        }
        options.logger.info(
          userId ? { userId } : { address: key },
          `handshake refused: too many for this ${userId ? 'user' : 'address'}`,
        );
        options.metrics.rateLimited('handshake');
        refuse(req, res, retryAfterSeconds(error));
        next(new Error('too many handshakes'));
      },
    );
  };
}

function refuse(req: IncomingMessage, res: ServerResponse, retryAfterSec: number): void {
  const body = JSON.stringify({ code: 429, message: 'Too many connection attempts, try again shortly' });
  if (res instanceof ServerResponse) {
    res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(retryAfterSec) });
    res.end(body);
    return;
  }
  // A websocket upgrade: engine.io passes a stand-in response, and the raw socket has not answered yet.
  const { socket } = req;
  socket.write(
    `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfterSec}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

/**
 * Socket.IO middleware: refuses a user's handshake with `connect_error` "too many connections"
 * once they hold `max` sockets. Handshakes racing each other may all pass here; `overLimit` is
 * asked again once the socket is counted, and closes the surplus.
 */
export function limitSocketsPerUser(engine: Engine, max: number, logger: Logger) {
  return (socket: ChatSocket, next: (error?: Error) => void): void => {
    overLimit(engine, socket.data.userId, max - 1).then(
      (over) => next(over ? tooManySockets(max) : undefined),
      (error: unknown) => {
        // The presence store is away: the connection will fail in setting up anyway, with its reason.
        logger.warn({ err: error }, 'could not count the sockets of a user');
        next();
      },
    );
  };
}

/** True when the user holds more than `allowed` sockets, on every process together. */
export async function overLimit(engine: Engine, userId: string, allowed: number): Promise<boolean> {
  return (await engine.socketCount(userId)) > allowed;
}

function tooManySockets(max: number): Error {
  const error = new Error(TOO_MANY_SOCKETS) as Error & { data?: unknown };
  error.data = { max, message: `At most ${max} connections per user: close a tab and try again` };
  return error;
}
