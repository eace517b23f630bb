/**
 * The Socket.IO Redis adapter publishes every broadcast without waiting for Redis's answer, so
 * while Redis is away each rejected publish would be an unhandled rejection, which ends a Node
 * process. Delivery to this process's own sockets does not need Redis and goes on; the failed
 * publish is logged (at most every 10 s) and the process lives.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

type Publish = (...args: unknown[]) => Promise<unknown>;

const LOG_EVERY_MS = 10_000;

export function catchPublishFailures(client: Redis, logger: Logger): Redis {
  // ioredis's publish overloads all take the arguments along and return a promise.
  const publish = client.publish.bind(client) as unknown as Publish;
  let lastLogged = 0;
  const guarded: Publish = (...args) => {
    const sent = publish(...args);
    sent.catch((error: unknown) => {
      if (Date.now() - lastLogged < LOG_EVERY_MS) return;
      lastLogged = Date.now();
      logger.warn({ err: error }, 'Socket.IO adapter could not publish to Redis: other processes miss this broadcast');
    });
    return sent;
  };
  (client as unknown as { publish: Publish }).publish = guarded; // same arguments, same promise
  return client;
}
