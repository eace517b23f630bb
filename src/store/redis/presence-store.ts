/**
 * PresenceStore in Redis, shared by every process. Keys (all under the prefix):
 *   presence:online           set of user ids with at least one socket
 *   presence:user:<userId>    hash socketId → id of the process holding that socket
 *   presence:process:<procId> set of user ids with a socket on that process
 *   presence:processes        sorted set procId → its last heartbeat (Redis clock, epoch ms)
 *   presence:sweeping         hash procId → last heartbeat, for processes declared dead and not
 *                             yet cleared
 * Each change is one Lua script, so "first socket" and "last socket" are decided atomically,
 * whichever processes race. Time is Redis's own (TIME), so the clocks of the machines running the
 * processes need not agree.
 */
import type { Redis } from 'ioredis';
import type { GoneUser, PresenceStore } from '../../chat/ports';
import { LuaScript } from './lua-script';

const ADD_SOCKET = new LuaScript(`
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[3])
if added == 1 and redis.call('HLEN', KEYS[1]) == 1 then return 1 end
return 0
`);

const REMOVE_SOCKET = new LuaScript(`
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
local others = false
for _, owner in ipairs(redis.call('HVALS', KEYS[1])) do
  if owner == ARGV[2] then others = true break end
end
if not others then redis.call('SREM', KEYS[2], ARGV[3]) end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[3])
  return 1
end
return 0
`);

/** Redis's clock in epoch milliseconds (scripts replicate their effects, so TIME is allowed). */
const NOW_MS = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

/** KEYS: processes, sweeping. ARGV: process id. 1 when the process was not known as alive. */
const HEARTBEAT = new LuaScript(`${NOW_MS}
local added = redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return added
`);

/** KEYS: processes, sweeping. ARGV: process id. Declares this process dead now (graceful leave). */
const LEAVE = new LuaScript(`${NOW_MS}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], now)
return 1
`);

/**
 * KEYS: processes, sweeping, online. ARGV: dead after (ms), budget (users), key prefix.
 * Moves processes silent for longer than the limit from `processes` to `sweeping`, then clears at
 * most `budget` users of the processes in `sweeping`: SPOP hands each user to one caller only, so
 * each user left with no socket is reported once, and a sweeper that dies midway leaves the rest
 * in `sweeping` for the next one. A process found alive again (heartbeat) leaves `sweeping`.
 * Returns { processes still to clear, userId, lastBeat, userId, lastBeat, ... }.
 */
const SWEEP = new LuaScript(`${NOW_MS}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[1])), 'WITHSCORES')
for i = 1, #dead, 2 do
  redis.call('ZREM', KEYS[1], dead[i])
  redis.call('HSET', KEYS[2], dead[i], dead[i + 1])
end
local budget = tonumber(ARGV[2])
local result = { 0 }
local sweeping = redis.call('HGETALL', KEYS[2])
for i = 1, #sweeping, 2 do
  if budget <= 0 then break end
  local proc, lastBeat = sweeping[i], sweeping[i + 1]
  local procKey = ARGV[3] .. 'presence:process:' .. proc
  local users = redis.call('SPOP', procKey, budget)
  budget = budget - #users
  for _, user in ipairs(users) do
    local userKey = ARGV[3] .. 'presence:user:' .. user
    local fields = redis.call('HGETALL', userKey)
    local removed = 0
    for j = 1, #fields, 2 do
      if fields[j + 1] == proc then removed = removed + redis.call('HDEL', userKey, fields[j]) end
    end
    if removed > 0 and redis.call('EXISTS', userKey) == 0 then
      redis.call('SREM', KEYS[3], user)
      result[#result + 1] = user
      result[#result + 1] = lastBeat
    end
  end
  if redis.call('SCARD', procKey) == 0 then redis.call('HDEL', KEYS[2], proc) end
end
result[1] = redis.call('HLEN', KEYS[2])
return result
`);

/** Users cleared per script run: a run holds Redis for about 1.5 ms per 100 users (docs/scaling.md). */
const SWEEP_BUDGET = 200;
/** Runs per sweep call at most (20,000 users); whatever remains waits for the next beat. */
const MAX_SWEEP_ROUNDS = 100;

export class RedisPresenceStore implements PresenceStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly processId: string,
  ) {}

  async addSocket(userId: string, socketId: string): Promise<boolean> {
    const result = await ADD_SOCKET.run(this.client, this.keys(userId), [socketId, this.processId, userId]);
    return result === 1;
  }

  async removeSocket(userId: string, socketId: string): Promise<boolean> {
    const result = await REMOVE_SOCKET.run(this.client, this.keys(userId), [socketId, this.processId, userId]);
    return result === 1;
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.client.exists(this.userKey(userId))) === 1;
  }

  async onlineUserIds(): Promise<string[]> {
    return this.client.smembers(this.onlineKey());
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const flags = await this.client.smismember(this.onlineKey(), ...userIds);
    return new Set(userIds.filter((_, i) => flags[i] === 1));
  }

  async socketCount(userId: string): Promise<number> {
    return this.client.hlen(this.userKey(userId));
  }

  async heartbeat(): Promise<boolean> {
    return (await HEARTBEAT.run(this.client, this.clusterKeys(), [this.processId])) === 1;
  }

  async sweep(deadAfterMs: number): Promise<GoneUser[]> {
    const gone: GoneUser[] = [];
    for (let round = 0; round < MAX_SWEEP_ROUNDS; round++) {
      const reply = await SWEEP.run(
        this.client,
        [...this.clusterKeys(), this.onlineKey()],
        [deadAfterMs, SWEEP_BUDGET, this.prefix],
      );
      const [remaining, ...flat] = parseSweepReply(reply);
      for (let i = 0; i + 1 < flat.length; i += 2) gone.push({ userId: flat[i] ?? '', lastSeenAt: Number(flat[i + 1]) });
      if (Number(remaining) === 0) break;
    }
    return gone;
  }

  async leave(): Promise<GoneUser[]> {
    await LEAVE.run(this.client, this.clusterKeys(), [this.processId]);
    return this.sweep(Number.MAX_SAFE_INTEGER);
  }

  private clusterKeys(): string[] {
    return [`${this.prefix}presence:processes`, `${this.prefix}presence:sweeping`];
  }

  private onlineKey(): string {
    return `${this.prefix}presence:online`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}presence:user:${userId}`;
  }

  private keys(userId: string): string[] {
    return [this.userKey(userId), `${this.prefix}presence:process:${this.processId}`, this.onlineKey()];
  }
}

/** The sweep script's reply: a count, then user id / last beat pairs (Redis replies strings and integers). */
function parseSweepReply(reply: unknown): string[] {
  if (!Array.isArray(reply) || reply.length === 0) throw new Error('unexpected reply from the presence sweep script');
  return reply.map(String);
}
