/**
 * The one ack wrapper every client event goes through: parse the payload with its shared schema
 * → rate limit → call the Engine → `{ ok: true, ...result }`. A domain error becomes its code;
 * anything else is logged and answered `unavailable` with no internal text. Every ack comes within
 * ACK_DEADLINE_MS, even when a backend hangs without failing.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { withinDeadline } from '../chat/availability';
import { ChatError, StoreUnavailableError } from '../chat/errors';
import type { Actor } from '../chat/events';
import type { Metrics } from '../chat/metrics';
import type { AckError, ClientEventName, ErrorCode } from '../shared';
import type { ChatSocket } from './types';

export type Reply = (response: unknown) => void;

/**
 * A backend that hangs (a frozen database, packets silently dropped) must not leave a client
 * waiting forever: past this the answer is `unavailable`. Shorter than the browser client's own
 * 10 s request timeout, so it hears the server's answer. Work still running goes on: a message
 * stored late is delivered then, and a retry with its clientId acks it without storing it twice.
 */
export const ACK_DEADLINE_MS = 8000;

export class RateLimitedError extends Error {
  constructor() {
    super('Too many requests, slow down');
  }
}

export type HandlerOptions<S extends z.ZodType, R> = {
  schema: S;
  /** Consumes one unit of the user's allowance for this event; throws RateLimitedError when spent. */
  limit?: (userId: string) => Promise<void>;
  /** `socket`: the one the event came on, for handlers that change what it hears (its rooms). */
  run: (payload: z.output<S>, actor: Actor, socket: ChatSocket) => Promise<R>;
};

/**
 * A listener shared by every socket: Socket.IO calls it with the socket as `this` (EventEmitter
 * semantics), so a server builds each event's listener once instead of once per connection.
 */
export type SocketListener = (this: ChatSocket, ...args: unknown[]) => void;

export type EventHandler = { event: ClientEventName; listener: SocketListener };

function failure(code: ErrorCode, message: string): AckError {
  return { ok: false, error: { code, message } };
}

function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid payload';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `Invalid payload: ${where}${issue.message}`;
}

export function toFailure(error: unknown, logger: Logger, event: string): AckError {
  if (error instanceof ChatError) return failure(error.code, error.message);
  if (error instanceof RateLimitedError) return failure('rate_limited', error.message);
  if (error instanceof StoreUnavailableError) {
    logger.warn({ err: error, event }, 'store unavailable');
    return failure('unavailable', 'The service is temporarily unavailable, try again shortly');
  }
  logger.error({ err: error, event }, 'event handler failed');
  return failure('unavailable', 'Something went wrong, try again shortly');
}

export type Define = <S extends z.ZodType, R extends object>(
  event: ClientEventName,
  options: HandlerOptions<S, R>,
) => EventHandler;

/**
 * Returns `define(event, options)`, which builds the event's one listener for every socket of the
 * server. Each ack's latency, from the event's arrival, goes to `metrics`.
 */
export function handlerFactory(logger: Logger, metrics: Pick<Metrics, 'acked'>): Define {
  return (event, options) => ({ event, listener: createListener(logger, metrics, event, options) });
}

/** Attaches the server's shared listeners to a new socket. */
export function attachHandlers(socket: ChatSocket, handlers: readonly EventHandler[]): void {
  for (const { event, listener } of handlers) socket.on(event, listener);
}

/** Who sends on this socket, as the handshake authenticated them. */
export function actorOf(socket: ChatSocket): Actor {
  return { id: socket.data.userId, username: socket.data.username };
}

/** The ack, when the client sent one, is always the last argument. */
function createListener<S extends z.ZodType, R extends object>(
  logger: Logger,
  metrics: Pick<Metrics, 'acked'>,
  event: ClientEventName,
  options: HandlerOptions<S, R>,
): SocketListener {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- Socket.IO ignores a listener's result; this one catches its errors and answers through the ack
  return async function (this: ChatSocket, ...args: unknown[]) {
    const arrived = performance.now();
    const last = args[args.length - 1];
    const reply: Reply | undefined = typeof last === 'function' ? (last as Reply) : undefined; // checked just above
    const payload = reply ? (args.length > 1 ? args[0] : undefined) : args[0];
    let response: unknown;
    try {
      const parsed = options.schema.safeParse(payload);
      if (!parsed.success) {
        response = failure('invalid', describeIssues(parsed.error));
      } else {
        const result = await withinDeadline(
          (async () => {
            await options.limit?.(this.data.userId);
            return options.run(parsed.data, actorOf(this), this);
          })(),
          ACK_DEADLINE_MS,
        );
        response = { ok: true, ...result };
      }
    } catch (error) {
      response = toFailure(error, logger, event);
    }
    try {
      reply?.(response);
      if (reply) metrics.acked(event, (performance.now() - arrived) / 1000);
    } catch (error) {
      logger.warn({ err: error, event }, 'ack callback failed');
    }
  };
}
