/**
 * TypingStore in Redis, shared by every process. One sorted set per user (`typing:<userId>` under
 * the prefix): channel id → the epoch ms at which the notice lapses. The key itself expires once
 * every notice in it has lapsed, so nothing is left behind.
 */
import type { Redis } from 'ioredis';
import type { TypingStore } from '../../chat/ports';
import { LuaScript } from './lua-script';

const START = new LuaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1
`);

const STOP = new LuaScript(`
local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expires then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
if tonumber(expires) > tonumber(ARGV[2]) then return 1 end
return 0
`);

export class RedisTypingStore implements TypingStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async start(channelId: string, userId: string, ttlMs: number): Promise<void> {
    const now = this.now();
    const ttl = Math.max(1, Math.ceil(ttlMs));
    await START.run(this.client, [this.key(userId)], [now + ttl, channelId, now, ttl]);
  }

  async stop(channelId: string, userId: string): Promise<boolean> {
    return (await STOP.run(this.client, [this.key(userId)], [channelId, this.now()])) === 1;
  }

  async channelsOf(userId: string): Promise<string[]> {
    return this.client.zrangebyscore(this.key(userId), `(${this.now()}`, '+inf');
  }

  private key(userId: string): string {
    return `${this.prefix}typing:${userId}`;
  }
}
