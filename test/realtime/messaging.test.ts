import { expect } from 'chai';
import type { Message } from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, record, request, sleep, waitFor, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

type Person = Awaited<ReturnType<typeof signUp>> & { socket: ClientSocket };

describe('chatMessage', () => {
  let app: TestApp;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  async function person(): Promise<Person> {
    const account = await signUp(app.url);
    return { ...account, socket: await connectAs(app.url, account.cookie) };
  }

  before(async () => {
    app = await createTestApp();
    alice = await person();
    bob = await person();
    carol = await person();
  });
  after(async () => {
    for (const p of [alice, bob, carol]) p.socket.close();
    await app.stop();
  });

  it('sends to everyone with to: null and to: "", delivered to every user including the sender', async () => {
    for (const to of [null, '']) {
      const text = `hello all ${Math.random()}`;
      const arrivals = [alice, bob, carol].map((p) => waitFor(p.socket, 'chatMessage', (m) => m.text === text));
      const { message } = await ok<{ message: Message }>(alice.socket, 'chatMessage', { to, text });
      expect(message.from).to.equal(alice.username);
      expect(message.text).to.equal(text);
      expect(message.id).to.match(/^\d+$/);
      expect(new Date(message.sentAt).toISOString()).to.equal(message.sentAt);
      const received = await Promise.all(arrivals);
      for (const m of received) expect(m).to.deep.equal(message);
    }
  });

  it('sends privately with to: username, only to the two people', async () => {
    const carolSaw = record(carol.socket, 'chatMessage');
    const text = `psst ${Math.random()}`;
    const bobGets = waitFor(bob.socket, 'chatMessage', (m) => m.text === text);
    const { message } = await ok<{ message: Message }>(alice.socket, 'chatMessage', { to: bob.username, text });
    expect(await bobGets).to.deep.equal(message);
    await sleep(200);
    expect(carolSaw.map((m) => m.text)).not.to.include(text);
    const history = await ok<{ messages: Message[]; channel: { id: string; name: string } }>(bob.socket, 'chatHistory', {
      with: alice.username,
    });
    expect(history.channel.id).to.equal(message.channelId);
    expect(history.channel.name).to.equal(alice.username);
    expect(history.messages.map((m) => m.id)).to.include(message.id);
  });

  it('trims the text and ignores a forged from field', async () => {
    const { message } = await ok<{ message: Message }>(alice.socket, 'chatMessage', {
      to: bob.username,
      text: '  spaced  ',
      from: bob.username,
    });
    expect(message.from).to.equal(alice.username);
    expect(message.text).to.equal('spaced');
  });

  it('answers not_found for an unknown recipient and invalid for oneself, storing nothing', async () => {
    const unknown = await request(alice.socket, 'chatMessage', { to: 'nobody_here_x', text: 'hi' });
    expect(unknown).to.deep.include({ ok: false });
    expect(unknown.ok === false && unknown.error.code).to.equal('not_found');
    const self = await request(alice.socket, 'chatMessage', { to: alice.username, text: 'hi' });
    expect(self.ok === false && self.error.code).to.equal('invalid');
  });

  it('stores one message for a retried clientId and acks the same message again', async () => {
    const clientId = `c-${Math.random()}`;
    const bobSaw = record(bob.socket, 'chatMessage');
    const first = await ok<{ message: Message }>(alice.socket, 'chatMessage', { to: bob.username, text: 'once', clientId });
    const again = await ok<{ message: Message }>(alice.socket, 'chatMessage', { to: bob.username, text: 'once', clientId });
    expect(again.message).to.deep.equal(first.message);
    expect(first.message.clientId).to.equal(clientId);
    await sleep(200);
    expect(bobSaw.filter((m) => m.clientId === clientId)).to.have.length(1);
    const { messages } = await ok<{ messages: Message[] }>(bob.socket, 'chatHistory', {
      channelId: first.message.channelId,
      limit: 50,
    });
    expect(messages.filter((m) => m.clientId === clientId)).to.have.length(1);
  });

  it('delivers 50 unawaited messages complete and in order, to the sender too', async () => {
    const { channel } = await ok<{ channel: { id: string } }>(alice.socket, 'chatHistory', { with: carol.username });
    const tag = `burst-${Math.random()}`;
    const carolSaw = record(carol.socket, 'chatMessage');
    const aliceSaw = record(alice.socket, 'chatMessage');
    const acks = Array.from({ length: 50 }, (_, i) =>
      request<{ message: Message }>(alice.socket, 'chatMessage', { channelId: channel.id, text: `${tag} ${i}` }),
    );
    const responses = await Promise.all(acks);
    expect(responses.every((r) => r.ok)).to.equal(true);
    await sleep(300);
    for (const seen of [carolSaw, aliceSaw]) {
      const mine = seen.filter((m) => m.text.startsWith(tag));
      expect(mine.map((m) => m.text)).to.deep.equal(Array.from({ length: 50 }, (_, i) => `${tag} ${i}`));
      const ids = mine.map((m) => BigInt(m.id));
      expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0n))).to.equal(true);
    }
  });

  it('refuses a channel the user is not a member of, and one that does not exist, with forbidden', async () => {
    const { channel } = await ok<{ channel: { id: string } }>(alice.socket, 'chatHistory', { with: bob.username });
    for (const channelId of [channel.id, '999999999']) {
      const write = await request(carol.socket, 'chatMessage', { channelId, text: 'intrude' });
      expect(write.ok === false && write.error.code).to.equal('forbidden');
      const read = await request(carol.socket, 'chatHistory', { channelId });
      expect(read.ok === false && read.error.code).to.equal('forbidden');
    }
  });

  it('counts text length in code points after trimming: 4000 emoji pass, 4001 are invalid', async () => {
    const fits = await request(alice.socket, 'chatMessage', { to: bob.username, text: '😀'.repeat(4000) });
    expect(fits.ok).to.equal(true);
    const over = await request(alice.socket, 'chatMessage', { to: bob.username, text: '😀'.repeat(4001) });
    expect(over.ok === false && over.error.code).to.equal('invalid');
    const empty = await request(alice.socket, 'chatMessage', { to: bob.username, text: '   ' });
    expect(empty.ok === false && empty.error.code).to.equal('invalid');
  });
});
