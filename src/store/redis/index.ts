/** The Redis half of the stores: one ioredis connection for presence, typing and sessions. */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PresenceStore, TypingStore } from '../../chat/ports';
import { guardStore, type FailureListener } from '../guard';
import { translateRedisError } from './errors';
import { RedisPresenceStore } from './presence-store';
import { IndexedRedisStore } from './session-store';
import { RedisTypingStore } from './typing-store';

export type RedisStores = {
  client: Redis;
  presence: PresenceStore;
  typing: TypingStore;
  /** Sessions, and which belong to whom. */
  sessionStore: IndexedRedisStore;
  /** Throws StoreUnavailableError when Redis does not answer. */
  check(): Promise<void>;
  close(): Promise<void>;
};

/**
 * Commands fail fast while Redis is down (one reconnection attempt, not an ever-growing queue), so
 * requests answer `unavailable` / 503 instead of hanging. The offline queue stays on so commands
 * sent while (re)connecting, and by `duplicate()`d clients such as the Socket.IO adapter's, wait.
 */
export function createRedisClient(url: string, logger: Logger, onConnectionError?: () => void): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 5000,
    // A Redis that hangs without closing the connection (frozen, packets dropped) fails its
    // commands too, instead of leaving every page and socket event waiting for a reply.
    commandTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    onConnectionError?.();
    // Reconnection attempts repeat the same error: one line every 10 s is enough.
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    logger.warn({ err: error }, 'redis connection error');
  });
  return client;
}

export async function createRedisStores(options: {
  url: string;
  prefix: string;
  processId: string;
  logger: Logger;
  /** Told of every failed store call, and `connection` of every connection error (metrics). */
  onFailure?: FailureListener;
  onConnectionError?: () => void;
}): Promise<RedisStores> {
  const client = createRedisClient(options.url, options.logger, options.onConnectionError);
  const check = async () => {
    try {
      await client.ping();
    } catch (error) {
      throw translateRedisError(error);
    }
  };
  try {
    await check();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return {
    client,
    presence: guardStore(
      new RedisPresenceStore(client, options.prefix, options.processId),
      translateRedisError,
      options.onFailure,
    ),
    typing: guardStore(new RedisTypingStore(client, options.prefix), translateRedisError, options.onFailure),
    sessionStore: new IndexedRedisStore(client, options.prefix),
    check,
    async close() {
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
