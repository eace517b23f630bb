/**
 * createLimiter, the one factory every rate limiter comes from, and its one policy for a Redis
 * outage: each process keeps counting on its own with the same allowance, at once.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { attempt, createLimiter } from '../../src/security/limiter';
import { freePort } from '../support/ports';

const OPTIONS = { name: 'test', points: 3, durationSec: 60 };

async function consumeAll(limiter: RateLimiterAbstract, key: string, times: number): Promise<string[]> {
  const outcomes: string[] = [];
  for (let i = 0; i < times; i += 1) {
    const { refused } = await attempt(() => limiter.consume(key));
    outcomes.push(refused ? 'refused' : 'allowed');
  }
  return outcomes;
}

describe('createLimiter', () => {
  describe('with Redis unreachable', () => {
    let redis: Redis;

    before(async () => {
      // Nobody listens on this port: the client keeps trying to connect and is never ready.
      redis = new Redis({ host: '127.0.0.1', port: await freePort(), maxRetriesPerRequest: 1 });
      redis.on('error', () => {}); // the connection errors are expected here
    });

    after(() => redis.disconnect());

    it('counts in this process with the same allowance, refusing past it with a RateLimiterRes', async () => {
      const limiter = createLimiter({ redis, redisPrefix: `test:${randomUUID()}:` }, OPTIONS);
      expect(await consumeAll(limiter, 'alice', 4)).to.deep.equal(['allowed', 'allowed', 'allowed', 'refused']);
      const refusal = await limiter.consume('alice').catch((error: unknown) => error);
      expect(refusal).to.be.instanceOf(RateLimiterRes);
      expect(await consumeAll(limiter, 'bob', 1)).to.deep.equal(['allowed']);
    });

    it('answers at once instead of waiting for the reconnect', async () => {
      const limiter = createLimiter({ redis, redisPrefix: `test:${randomUUID()}:` }, OPTIONS);
      const started = Date.now();
      await consumeAll(limiter, 'carol', 4);
      expect(Date.now() - started).to.be.below(200);
    });
  });

  describe('with Redis reachable', function () {
    let redis: Redis | undefined;

    before(async function () {
      if (!process.env.REDIS_URL) this.skip();
      redis = new Redis(process.env.REDIS_URL);
      await new Promise((resolve) => redis?.once('ready', resolve)); // as createStores waits for it
    });

    after(() => redis?.disconnect());

    it('shares the count between processes (two limiters of one name)', async () => {
      const backend = { redis, redisPrefix: `test:${randomUUID()}:` };
      const [first, second] = [createLimiter(backend, OPTIONS), createLimiter(backend, OPTIONS)];
      expect(await consumeAll(first, 'dave', 2)).to.deep.equal(['allowed', 'allowed']);
      expect(await consumeAll(second, 'dave', 2)).to.deep.equal(['allowed', 'refused']);
    });

    it('keeps a per-process limiter out of Redis', async () => {
      const backend = { redis, redisPrefix: `test:${randomUUID()}:` };
      const options = { ...OPTIONS, perProcess: true };
      const [first, second] = [createLimiter(backend, options), createLimiter(backend, options)];
      expect(await consumeAll(first, 'erin', 3)).to.deep.equal(['allowed', 'allowed', 'allowed']);
      expect(await consumeAll(second, 'erin', 1)).to.deep.equal(['allowed']);
    });
  });
});
