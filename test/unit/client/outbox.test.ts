import { expect } from 'chai';
import type { Connection } from '../../../src/client/connection';
import { Outbox } from '../../../src/client/outbox';
import { timelineOf } from '../../../src/client/store/selectors';
import { createState } from '../../../src/client/store/state';
import { Store } from '../../../src/client/store/store';
import type { AckResponse, Message } from '../../../src/shared/types';

type Sent = { event: string; payload: Record<string, unknown> };

/** Stands in for the socket: records requests and answers them from a script. */
function fakeConnection(answers: ((payload: Record<string, unknown>) => AckResponse<{ message: Message }>)[]) {
  const sent: Sent[] = [];
  const fake = {
    connected: true,
    async request(event: string, payload: Record<string, unknown>) {
      sent.push({ event, payload });
      const answer = answers.shift();
      if (!answer) throw new Error('no scripted answer');
      return answer(payload);
    },
  };
  // The Outbox uses only `connected` and `request`, which the fake provides.
  return { connection: fake as unknown as Connection, fake, sent };
}

const stored = (payload: Record<string, unknown>, id: string, channelId = 'c1'): AckResponse<{ message: Message }> => ({
  ok: true,
  message: {
    id,
    channelId,
    from: 'alice',
    text: String(payload.text),
    sentAt: new Date().toISOString(),
    clientId: String(payload.clientId),
  },
});

function setup(answers: Parameters<typeof fakeConnection>[0]) {
  const store = new Store(createState({ username: 'alice', online: true }));
  const channel = { id: 'c1', kind: 'everyone', name: 'Everyone', unread: 0, mentions: 0 } as const;
  store.dispatch({ type: 'historyLoaded', channel, messages: [], hasMore: false });
  const timeline = timelineOf(store.state, 'c1');
  if (!timeline) throw new Error('the history page made the timeline');
  const delivered: { message: Message; from: string; to: string | undefined }[] = [];
  const { connection, fake, sent } = fakeConnection(answers);
  const outbox = new Outbox(connection, store, (message, from, to) => {
    delivered.push({ message, from, to });
    store.dispatch({ type: 'messageReceived', message, reading: true });
  });
  return { store, timeline, outbox, fake, sent, delivered };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Outbox', () => {
  it('shows a message as sending at once, then replaces it with the stored one', async () => {
    const { timeline, outbox, sent } = setup([(payload) => stored(payload, '7')]);
    outbox.send('c1', 'hello');
    expect(timeline.pending.map((o) => [o.text, o.state])).to.deep.equal([['hello', 'sending']]);
    await settle();
    expect(timeline.pending).to.deep.equal([]);
    expect(timeline.messages.map((m) => m.id)).to.deep.equal(['7']);
    expect(sent[0]?.payload).to.include({ channelId: 'c1', text: 'hello' });
    expect(sent[0]?.payload.clientId).to.be.a('string').with.length.within(1, 64);
  });

  it('sends replyTo with a reply, and keeps it for a retry; a private message never carries it', async () => {
    const { outbox, sent } = setup([
      () => ({ ok: false, error: { code: 'unavailable', message: 'The server did not answer in time.' } }),
      (payload) => stored(payload, '9'),
      (payload) => stored(payload, '10'),
    ]);
    outbox.send('c1', 'my answer', { replyTo: '5' });
    await settle();
    expect(sent[0]?.payload).to.include({ channelId: 'c1', text: 'my answer', replyTo: '5' });
    outbox.retry('c1', String(sent[0]?.payload.clientId));
    await settle();
    expect(sent[1]?.payload).to.include({ replyTo: '5', clientId: sent[0]?.payload.clientId });
    outbox.send('c1', 'psst', { to: 'bob', replyTo: '5' });
    await settle();
    expect(sent[2]?.payload).to.not.have.property('replyTo');
  });

  it('marks a refused message failed, and Retry sends the same clientId once more', async () => {
    const { timeline, outbox, sent } = setup([
      () => ({ ok: false, error: { code: 'rate_limited', message: 'Slow down.' } }),
      (payload) => stored(payload, '8'),
    ]);
    outbox.send('c1', 'again');
    await settle();
    const [failed] = timeline.pending;
    expect(failed).to.include({ state: 'failed', error: 'You are sending too fast: wait a moment and try again.' });
    outbox.retry('c1', failed?.clientId ?? '');
    await settle();
    expect(sent.map((s) => s.payload.clientId)).to.deep.equal([failed?.clientId, failed?.clientId]);
    expect(timeline.pending).to.deep.equal([]);
    expect(timeline.messages.map((m) => m.text)).to.deep.equal(['again']);
  });

  it('holds messages written offline and sends them in order on flush', async () => {
    const { timeline, outbox, fake, sent } = setup([(payload) => stored(payload, '1'), (payload) => stored(payload, '2')]);
    fake.connected = false;
    outbox.send('c1', 'first');
    outbox.send('c1', 'second');
    expect(timeline.pending.map((o) => o.state)).to.deep.equal(['queued', 'queued']);
    expect(sent).to.deep.equal([]);
    fake.connected = true;
    await outbox.flush();
    expect(sent.map((s) => s.payload.text)).to.deep.equal(['first', 'second']);
    expect(timeline.messages.map((m) => m.text)).to.deep.equal(['first', 'second']);
  });

  it('sends "@name" messages with `to` and reports where they went', async () => {
    const { timeline, outbox, sent, delivered } = setup([(payload) => stored(payload, '3', 'd1')]);
    outbox.send('c1', 'psst', { to: 'bob' });
    await settle();
    expect(sent[0]?.payload).to.include({ to: 'bob', text: 'psst' });
    expect(sent[0]?.payload).to.not.have.property('channelId');
    expect(delivered.map((d) => [d.message.channelId, d.from, d.to])).to.deep.equal([['d1', 'c1', 'bob']]);
    expect(timeline.pending).to.deep.equal([]);
  });

  it('forgets a discarded message', () => {
    const { timeline, outbox, fake } = setup([]);
    fake.connected = false;
    outbox.send('c1', 'never mind');
    const [queued] = timeline.pending;
    outbox.discard('c1', queued?.clientId ?? '');
    expect(timeline.pending).to.deep.equal([]);
  });
});
