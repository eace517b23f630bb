import { expect } from 'chai';
import type { Channel, Message } from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, request, waitFor } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

describe('channels, unread counts and markRead', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.stop());

  it('lists Everyone for a new user with nothing unread from the old backlog', async () => {
    const old = await signUp(app.url);
    const oldSocket = await connectAs(app.url, old.cookie);
    await ok(oldSocket, 'chatMessage', { to: null, text: 'backlog' });
    const fresh = await signUp(app.url);
    const socket = await connectAs(app.url, fresh.cookie);
    const { channels } = await ok<{ channels: Channel[] }>(socket, 'channels');
    const everyone = channels.find((c) => c.kind === 'everyone');
    expect(everyone).to.deep.include({ name: 'Everyone', unread: 0 });
    for (const s of [oldSocket, socket]) s.close();
  });

  it('counts unread for the receiver, not the sender; markRead moves forward on every tab, never back', async () => {
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    const a = await connectAs(app.url, alice.cookie);
    const bobTab1 = await connectAs(app.url, bob.cookie);
    const bobTab2 = await connectAs(app.url, bob.cookie);
    const appeared = waitFor(bobTab2, 'channelUpdate');
    const sent: Message[] = [];
    for (let i = 0; i < 3; i++)
      sent.push((await ok<{ message: Message }>(a, 'chatMessage', { to: bob.username, text: `u${i}` })).message);
    const firstUpdate = await appeared;
    expect(firstUpdate).to.deep.include({ kind: 'direct', name: alice.username });
    const channelId = sent[0]?.channelId ?? '';

    const bobView = (await ok<{ channels: Channel[] }>(bobTab1, 'channels')).channels.find((c) => c.id === channelId);
    expect(bobView).to.deep.include({ unread: 3, name: alice.username });
    expect(bobView?.lastMessage?.id).to.equal(sent[2]?.id);
    const aliceView = (await ok<{ channels: Channel[] }>(a, 'channels')).channels.find((c) => c.id === channelId);
    expect(aliceView?.unread).to.equal(0);

    const otherTab = waitFor(bobTab2, 'channelUpdate', (c) => c.id === channelId && c.unread === 1);
    await ok(bobTab1, 'markRead', { channelId, messageId: sent[1]?.id });
    expect((await otherTab).unread).to.equal(1);

    await ok(bobTab1, 'markRead', { channelId, messageId: sent[0]?.id });
    const still = (await ok<{ channels: Channel[] }>(bobTab2, 'channels')).channels.find((c) => c.id === channelId);
    expect(still?.unread).to.equal(1);
    for (const s of [a, bobTab1, bobTab2]) s.close();
  });

  it('orders channels by newest activity and refuses markRead on a foreign channel', async () => {
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    const carol = await signUp(app.url);
    const a = await connectAs(app.url, alice.cookie);
    const c = await connectAs(app.url, carol.cookie);
    const toBob = await ok<{ message: Message }>(a, 'chatMessage', { to: bob.username, text: 'first' });
    await ok<{ message: Message }>(a, 'chatMessage', { to: carol.username, text: 'second' });
    const { channels } = await ok<{ channels: Channel[] }>(a, 'channels');
    const names = channels.filter((ch) => ch.kind === 'direct').map((ch) => ch.name);
    expect(names.slice(0, 2)).to.deep.equal([carol.username, bob.username]);
    const refused = await request(c, 'markRead', { channelId: toBob.message.channelId, messageId: toBob.message.id });
    expect(refused.ok === false && refused.error.code).to.equal('forbidden');
    a.close();
    c.close();
  });

  it('finds users by prefix ignoring case, at most 20', async () => {
    const prefix = `fx${Math.random().toString(36).slice(2, 7)}`;
    const alice = await signUp(app.url, { username: `${prefix}_Alice` });
    await signUp(app.url, { username: `${prefix}_bob` });
    const a = await connectAs(app.url, alice.cookie);
    const { users } = await ok<{ users: { username: string; online: boolean }[] }>(a, 'findUsers', {
      query: prefix.toUpperCase(),
    });
    expect(users.map((u) => u.username).sort()).to.deep.equal([`${prefix}_Alice`, `${prefix}_bob`]);
    expect(users.find((u) => u.username === `${prefix}_Alice`)?.online).to.equal(true);
    a.close();
  });
});
