/**
 * WORKERS=2 with METRICS_TOKEN: whichever worker a scrape reaches, /metrics answers the cluster's
 * figures, summed over the workers by the primary. (With METRICS_PORT the primary serves the same
 * sum on its own port, from the same reader.)
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import type { Channel } from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import { eventually } from '../support/waiting';
import { Deployment, REDIS_URL, skipWithoutServices, type ServerProcess } from './support';

const TOKEN = 'metrics-token-for-the-tests';

function valueOf(page: string, series: string): number {
  const line = page.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('WORKERS=2: /metrics sums the workers', function () {
  this.timeout(60_000);
  const deployment = new Deployment({ WORKERS: '2', METRICS_TOKEN: TOKEN });
  const sockets: ClientSocket[] = [];
  let server: ServerProcess;

  before(async function () {
    skipWithoutServices(this);
    server = await deployment.start('cluster');
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await deployment.destroy();
  });

  /** How many processes hold sockets now, from shared presence. */
  async function processesHoldingSockets(): Promise<number> {
    const redis = new Redis(REDIS_URL ?? '');
    try {
      const keys = await redis.keys(`${deployment.prefix}presence:user:*`);
      const owners = await Promise.all(keys.map((key) => redis.hvals(key)));
      return new Set(owners.flat()).size;
    } finally {
      await redis.quit();
    }
  }

  it('answers every scrape with the sockets and messages of both workers', async () => {
    const scrape = async () => {
      const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).to.equal(200);
      return response.text();
    };
    expect((await fetch(`${server.url}/metrics`)).status).to.equal(401);

    const alice = await signUp(server.url);
    const bob = await signUp(server.url);
    // Least-connection routing spreads these over both workers.
    for (let i = 0; i < 4; i++)
      sockets.push(await connectAs(server.url, (i % 2 ? bob : alice).cookie, { transports: ['websocket'] }));
    const [first] = sockets;
    if (!first) throw new Error('no socket');
    expect(await processesHoldingSockets()).to.equal(2);
    const { channel } = await ok<{ channel: Channel }>(first, 'chatHistory', { with: bob.username });
    for (const [index, socket] of sockets.entries())
      await ok(socket, 'chatMessage', { channelId: channel.id, text: `m${index}` });

    const page = await eventually(scrape, (text) => valueOf(text, 'chat_connected_sockets') === 4, { what: 'four sockets' });
    expect(valueOf(page, 'chat_messages_stored_total')).to.equal(4);
    expect(valueOf(page, 'chat_ack_duration_seconds_count{event="chatMessage"}')).to.equal(4);
    expect(valueOf(page, 'chat_logins_total{outcome="success"}')).to.equal(0);
    // Each scrape lands on either worker: every one of them answers the same sums.
    for (let i = 0; i < 4; i++) expect(valueOf(await scrape(), 'chat_messages_stored_total')).to.equal(4);
  });
});
