import { expect } from 'chai';
import type { Channel, Message, TypingNotice, User } from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, openWithUsers, record, request, sleep, waitFor } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

describe('presence and typing', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.stop());

  it('announces a user once for many tabs, and offline within 3 s after the last tab goes', async () => {
    const watcher = await signUp(app.url);
    const watching = await connectAs(app.url, watcher.cookie);
    const alice = await signUp(app.url);
    const statuses = record(watching, 'userStatus');
    const tab1 = await connectAs(app.url, alice.cookie);
    const tab2 = await connectAs(app.url, alice.cookie);
    await sleep(200);
    expect(statuses.filter((u) => u.username === alice.username)).to.deep.equal([{ username: alice.username, online: true }]);
    tab1.close();
    await sleep(1500);
    expect(statuses.filter((u) => u.username === alice.username && !u.online)).to.have.length(0);
    const started = Date.now();
    tab2.close();
    const offline = await waitFor(watching, 'userStatus', (u: User) => u.username === alice.username && !u.online, 3000);
    expect(Date.now() - started).to.be.below(3000);
    expect(offline.lastSeen).to.be.a('string');
    watching.close();
  });

  it('lists every registered user with presence in updateUsers', async () => {
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    const offlineCarol = await signUp(app.url);
    const bobSocket = await connectAs(app.url, bob.cookie);
    const { socket: aliceSocket, users } = await openWithUsers(app.url, { cookie: alice.cookie });
    // The test app's site is small however many users a shared database holds (TEST_ENV's
    // LARGE_SITE_USERS); large sites have their own suite (presence-large-site.test.ts).
    expect(users.find((u) => u.username === bob.username)).to.deep.include({ username: bob.username, online: true });
    expect(users.find((u) => u.username === alice.username)?.online).to.equal(true);
    expect(users.find((u) => u.username === offlineCarol.username)).to.deep.include({ online: false });
    bobSocket.close();
    aliceSocket.close();
  });

  it('sends typing to the other member only, and doneTyping when the typer sends a message', async () => {
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    const a = await connectAs(app.url, alice.cookie);
    const aliceTab2 = await connectAs(app.url, alice.cookie);
    const b = await connectAs(app.url, bob.cookie);
    const { channel } = await ok<{ channel: Channel }>(a, 'chatHistory', { with: bob.username });
    const echoed = record(aliceTab2, 'typing');
    const bobSees = waitFor(b, 'typing', (n: TypingNotice) => n.channelId === channel.id);
    a.emit('typing', { channelId: channel.id });
    expect(await bobSees).to.deep.equal({ channelId: channel.id, username: alice.username });
    const done = waitFor(b, 'doneTyping', (n: TypingNotice) => n.channelId === channel.id);
    await ok<{ message: Message }>(a, 'chatMessage', { channelId: channel.id, text: 'there' });
    expect(await done).to.deep.equal({ channelId: channel.id, username: alice.username });
    expect(echoed).to.deep.equal([]);
    for (const s of [a, aliceTab2, b]) s.close();
  });

  it('ends a typing notice by itself 5 s after the last typing', async function () {
    this.timeout(12000);
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    const a = await connectAs(app.url, alice.cookie);
    const b = await connectAs(app.url, bob.cookie);
    const { channel } = await ok<{ channel: Channel }>(a, 'chatHistory', { with: bob.username });
    const typed = waitFor(b, 'typing');
    a.emit('typing', { channelId: channel.id });
    await typed;
    const started = Date.now();
    await waitFor(b, 'doneTyping', (n: TypingNotice) => n.username === alice.username, 7000);
    expect(Date.now() - started).to.be.within(4000, 6500);
    a.close();
    b.close();
  });

  it('sends doneTyping when the typer explicitly stops, and when their last socket goes', async () => {
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    const a = await connectAs(app.url, alice.cookie);
    const b = await connectAs(app.url, bob.cookie);
    const { channel } = await ok<{ channel: Channel }>(a, 'chatHistory', { with: bob.username });
    a.emit('typing', { channelId: channel.id });
    await waitFor(b, 'typing');
    const stopped = waitFor(b, 'doneTyping');
    a.emit('doneTyping', { channelId: channel.id });
    await stopped;
    a.emit('typing', { channelId: channel.id });
    await waitFor(b, 'typing');
    const gone = waitFor(b, 'doneTyping', undefined, 2500);
    a.close();
    expect(await gone).to.deep.equal({ channelId: channel.id, username: alice.username });
    b.close();
  });

  it('drops typing from a non-member: nobody hears it and the ack says forbidden', async () => {
    const alice = await signUp(app.url);
    const bob = await signUp(app.url);
    const mallory = await signUp(app.url);
    const a = await connectAs(app.url, alice.cookie);
    const b = await connectAs(app.url, bob.cookie);
    const m = await connectAs(app.url, mallory.cookie);
    const { channel } = await ok<{ channel: Channel }>(a, 'chatHistory', { with: bob.username });
    const heard = [...[a, b].map((s) => record(s, 'typing'))];
    const response = await request(m, 'typing', { channelId: channel.id });
    expect(response.ok === false && response.error.code).to.equal('forbidden');
    await sleep(200);
    expect(heard.flat()).to.deep.equal([]);
    for (const s of [a, b, m]) s.close();
  });
});
