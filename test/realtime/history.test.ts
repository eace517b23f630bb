import { expect } from 'chai';
import type { Channel, Message } from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, request, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

type Page = { channel: Channel; messages: Message[]; hasMore: boolean };

describe('chatHistory', () => {
  let app: TestApp;
  let alice: ClientSocket;
  let bob: ClientSocket;
  let bobName: string;
  let aliceName: string;

  before(async () => {
    app = await createTestApp();
    const a = await signUp(app.url);
    const b = await signUp(app.url);
    aliceName = a.username;
    bobName = b.username;
    alice = await connectAs(app.url, a.cookie);
    bob = await connectAs(app.url, b.cookie);
  });
  after(async () => {
    alice.close();
    bob.close();
    await app.stop();
  });

  it('gives both sides the same channel when they open it at the same instant', async () => {
    const [fromAlice, fromBob] = await Promise.all([
      ok<Page>(alice, 'chatHistory', { with: bobName }),
      ok<Page>(bob, 'chatHistory', { with: aliceName }),
    ]);
    expect(fromAlice.channel.id).to.equal(fromBob.channel.id);
    expect(fromAlice.channel.kind).to.equal('direct');
    expect(fromAlice.channel.name).to.equal(bobName);
    expect(fromBob.channel.name).to.equal(aliceName);
    expect(fromAlice.messages).to.deep.equal([]);
    expect(fromAlice.hasMore).to.equal(false);
  });

  it('answers not_found for an unknown user and invalid for oneself', async () => {
    const unknown = await request(alice, 'chatHistory', { with: 'no_such_user_zz' });
    expect(unknown.ok === false && unknown.error.code).to.equal('not_found');
    const self = await request(alice, 'chatHistory', { with: aliceName });
    expect(self.ok === false && self.error.code).to.equal('invalid');
  });

  describe('over 25 messages', () => {
    let channelId: string;
    let sent: Message[];

    before(async () => {
      const opened = await ok<Page>(alice, 'chatHistory', { with: bobName });
      channelId = opened.channel.id;
      const third = await signUp(app.url);
      const carol = await connectAs(app.url, third.cookie);
      const { channel } = await ok<Page>(carol, 'chatHistory', { with: aliceName });
      channelId = channel.id;
      sent = [];
      for (let i = 0; i < 25; i++) {
        const { message } = await ok<{ message: Message }>(carol, 'chatMessage', { channelId, text: `m${i}` });
        sent.push(message);
      }
      carol.close();
    });

    it('pages 10, 10, 5 oldest first with hasMore, by before', async () => {
      const first = await ok<Page>(alice, 'chatHistory', { channelId });
      expect(first.messages.map((m) => m.text)).to.deep.equal(sent.slice(15).map((m) => m.text));
      expect(first.hasMore).to.equal(true);
      const second = await ok<Page>(alice, 'chatHistory', { channelId, before: first.messages[0]?.id });
      expect(second.messages.map((m) => m.text)).to.deep.equal(sent.slice(5, 15).map((m) => m.text));
      expect(second.hasMore).to.equal(true);
      const third = await ok<Page>(alice, 'chatHistory', { channelId, before: second.messages[0]?.id });
      expect(third.messages.map((m) => m.text)).to.deep.equal(sent.slice(0, 5).map((m) => m.text));
      expect(third.hasMore).to.equal(false);
    });

    it('catches up with after, in pages of limit, hasMore telling whether newer ones exist', async () => {
      const first = await ok<Page>(alice, 'chatHistory', { channelId, after: sent[4]?.id, limit: 12 });
      expect(first.messages.map((m) => m.text)).to.deep.equal(sent.slice(5, 17).map((m) => m.text));
      expect(first.hasMore).to.equal(true);
      const last = await ok<Page>(alice, 'chatHistory', { channelId, after: first.messages.at(-1)?.id, limit: 50 });
      expect(last.messages.map((m) => m.text)).to.deep.equal(sent.slice(17).map((m) => m.text));
      expect(last.hasMore).to.equal(false);
    });

    it('takes a cursor that is not an existing id as a position', async () => {
      const page = await ok<Page>(alice, 'chatHistory', { channelId, after: '0', limit: 3 });
      expect(page.messages.map((m) => m.text)).to.deep.equal(['m0', 'm1', 'm2']);
      const huge = await ok<Page>(alice, 'chatHistory', { channelId, before: '999999999999', limit: 2 });
      expect(huge.messages.map((m) => m.text)).to.deep.equal(['m23', 'm24']);
    });

    it('refuses before and after together, and limits outside 1–50, with invalid', async () => {
      for (const query of [
        { channelId, before: '10', after: '2' },
        { channelId, limit: 0 },
        { channelId, limit: 51 },
        { channelId, limit: 2.5 },
        { channelId, before: 'abc' },
      ]) {
        const response = await request(alice, 'chatHistory', query);
        expect(response.ok === false && response.error.code, JSON.stringify(query)).to.equal('invalid');
      }
    });
  });
});
