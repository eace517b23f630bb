/**
 * connect-redis's session store that also keeps, per user, the set of their session ids (the
 * SessionIndex): the account page lists them and a password change ends the others. The set is
 * written before the session itself, so no saved session is missing from it; ids of sessions that
 * expired since are dropped by readers through `forget`.
 */
import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { Redis } from 'ioredis';
import type { SessionIndex } from '../../chat/ports';
import { SESSION_POLICY } from '../../security/session-policy';
import { translateRedisError } from './errors';

type Callback = (error?: unknown, data?: unknown) => unknown;

export class IndexedRedisStore extends RedisStore implements SessionIndex {
  private readonly redis: Redis;
  private readonly indexPrefix: string;

  constructor(client: Redis, prefix: string) {
    super({ client, prefix: `${prefix}sess:` });
    this.redis = client;
    this.indexPrefix = `${prefix}user-sessions:`;
  }

  override async set(sid: string, sess: SessionData, cb?: Callback): Promise<unknown> {
    if (typeof sess.userId === 'string') {
      const key = this.indexPrefix + sess.userId;
      try {
        // No session of the user outlives the absolute lifetime; the set need not either.
        await this.redis.multi().sadd(key, sid).pexpire(key, SESSION_POLICY.absoluteMs).exec();
      } catch (error) {
        return cb?.(error);
      }
    }
    return super.set(sid, sess, cb);
  }

  async sessionIdsOf(userId: string): Promise<string[]> {
    try {
      return await this.redis.smembers(this.indexPrefix + userId);
    } catch (error) {
      throw translateRedisError(error);
    }
  }

  async forget(userId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    try {
      await this.redis.srem(this.indexPrefix + userId, ...sessionIds);
    } catch (error) {
      throw translateRedisError(error);
    }
  }
}
