import { expect } from 'chai';
import supertest from 'supertest';
import type { Channel } from '../../src/shared';
import { csrfFrom, logIn, signUp } from '../support/http';
import { connectAs, ok, request } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

const TOKEN = 'metrics-token-for-the-tests';

/** The value of one series (`name{labels}`) in a Prometheus text page; 0 when absent. */
function valueOf(page: string, series: string): number {
  const line = page.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  describe('with no METRICS_TOKEN or METRICS_PORT', () => {
    let app: TestApp;
    before(async () => {
      app = await createTestApp();
    });
    after(() => app.stop());

    it('is not there (404), with or without a token', async () => {
      await supertest(app.url).get('/metrics').expect(404);
      await supertest(app.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let app: TestApp;
    before(async () => {
      app = await createTestApp({ env: { METRICS_TOKEN: TOKEN } });
    });
    after(() => app.stop());

    const scrape = async () =>
      (await supertest(app.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;

    it('answers 401 without the token or with a wrong one', async () => {
      const bare = await supertest(app.url).get('/metrics').expect(401);
      expect(bare.headers['www-authenticate']).to.match(/^Bearer/);
      expect(bare.text).not.to.include('chat_');
      await supertest(app.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await supertest(app.url).get('/metrics').set('Authorization', `Basic ${TOKEN}`).expect(401);
      await supertest(app.url).get('/metrics').set('Authorization', 'Bearer ').expect(401);
    });

    it('answers the Prometheus text format, the process metrics included', async () => {
      const response = await supertest(app.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(response.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
      expect(response.headers['cache-control']).to.equal('no-store');
      for (const line of [
        '# TYPE chat_messages_stored_total counter',
        '# TYPE chat_message_batch_size histogram',
        '# TYPE chat_ack_duration_seconds histogram',
        '# TYPE chat_connected_sockets gauge',
        '# TYPE chat_online_users gauge',
        '# TYPE chat_logins_total counter',
        '# TYPE chat_rate_limited_total counter',
        '# TYPE chat_backend_errors_total counter',
        '# TYPE nodejs_eventloop_lag_seconds gauge',
        'chat_logins_total{outcome="refused"} 0',
        'chat_backend_errors_total{backend="database",kind="unavailable"} 0',
      ]) {
        expect(response.text).to.include(line);
      }
    });

    it('counts messages, batches, acks, sockets, online users, sign-ins and rate-limit refusals', async () => {
      const alice = await signUp(app.url);
      const bob = await signUp(app.url);
      const before = await scrape();

      const a1 = await connectAs(app.url, alice.cookie);
      const a2 = await connectAs(app.url, alice.cookie);
      const b = await connectAs(app.url, bob.cookie);
      const { channel } = await ok<{ channel: Channel }>(a1, 'chatHistory', { with: bob.username });
      for (const text of ['one', 'two', 'three']) await ok(a1, 'chatMessage', { channelId: channel.id, text });
      // Typing is allowed 30 events in 5 s per user and process: the 31st is refused.
      const typing = await Promise.all(Array.from({ length: 31 }, () => request(b, 'typing', { channelId: channel.id })));
      expect(typing.filter((response) => !response.ok)).to.have.length(1);
      await logIn(app.url, { username: alice.username, password: alice.password });
      const form = supertest.agent(app.url);
      const csrf = csrfFrom((await form.get('/login').expect(200)).text);
      await form
        .post('/login')
        .type('form')
        .send({ username: alice.username, password: 'not the password', _csrf: csrf })
        .expect(401);

      const after = await scrape();
      const moved = (series: string) => valueOf(after, series) - valueOf(before, series);
      expect(moved('chat_messages_stored_total')).to.equal(3);
      expect(moved('chat_message_batch_size_count')).to.be.within(1, 3);
      expect(moved('chat_message_batch_size_sum')).to.equal(3);
      expect(moved('chat_ack_duration_seconds_count{event="chatMessage"}')).to.equal(3);
      expect(moved('chat_ack_duration_seconds_count{event="typing"}')).to.equal(31);
      expect(valueOf(after, 'chat_connected_sockets')).to.equal(3);
      expect(valueOf(after, 'chat_online_users')).to.equal(2);
      expect(moved('chat_logins_total{outcome="success"}')).to.equal(1);
      expect(moved('chat_logins_total{outcome="failure"}')).to.equal(1);
      expect(moved('chat_rate_limited_total{limiter="typing"}')).to.equal(1);
      for (const socket of [a1, a2, b]) socket.close();
    });
  });

  describe('with METRICS_PORT', () => {
    let app: TestApp;
    before(async () => {
      app = await createTestApp({ env: { METRICS_PORT: '0' } });
    });
    after(() => app.stop());

    it('serves /metrics on its own loopback port only, not on the chat port', async () => {
      expect(app.metricsUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      await supertest(app.url).get('/metrics').expect(404);
      const response = await supertest(app.metricsUrl ?? '')
        .get('/metrics')
        .expect(200);
      expect(response.text).to.include('# TYPE chat_messages_stored_total counter');
    });
  });
});
