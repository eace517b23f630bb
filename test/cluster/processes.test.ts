/**
 * Three real server processes (A, B, C) on one MySQL database and one Redis: what one user does on
 * one process reaches the others' users on theirs, a SIGKILLed process's users go offline on the
 * others, and a client that reconnects to another process catches up from history.
 */
import { expect } from 'chai';
import type { Channel, Message, User } from '../../src/shared';
import { csrfFrom, logIn, signUp, uniqueName, type SignedIn } from '../support/http';
import { connectAs, ok, openWithUsers, record, waitFor, type ClientSocket } from '../support/sockets';
import { Deployment, skipWithoutServices, type ServerProcess } from './support';

const HEARTBEAT_MS = 500;
const DEAD_AFTER_MS = 2000;

describe('Several server processes on one MySQL and one Redis', function () {
  this.timeout(30_000);
  const deployment = new Deployment({ CLUSTER_HEARTBEAT_MS: String(HEARTBEAT_MS), CLUSTER_DEAD_AFTER_MS: String(DEAD_AFTER_MS) });
  const sockets: ClientSocket[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess;
  let alice: SignedIn;
  let bob: SignedIn;

  const connect = async (server: ServerProcess, user: SignedIn, options: Parameters<typeof connectAs>[2] = {}) => {
    const socket = await connectAs(server.url, user.cookie, options);
    sockets.push(socket);
    return socket;
  };
  const status = (socket: ClientSocket, user: SignedIn, online: boolean, timeoutMs?: number) =>
    waitFor(socket, 'userStatus', (u) => u.username === user.username && u.online === online, timeoutMs);

  before(async function () {
    skipWithoutServices(this);
    this.timeout(60_000);
    [a, b, c] = await Promise.all([deployment.start('A'), deployment.start('B'), deployment.start('C')]);
    // Signed up on A and B: the sessions live in Redis, so either cookie works on every process.
    [alice, bob] = await Promise.all([
      signUp(a.url, { username: uniqueName('alice') }),
      signUp(b.url, { username: uniqueName('bob') }),
    ]);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  after(async () => {
    await deployment.destroy();
  });

  it('shows Alice on A online to Bob on B, and offline (with lastSeen) within 3 s after her last socket goes', async () => {
    const bobOnB = await connect(b, bob);
    const online = status(bobOnB, alice, true);
    const aliceOnA = await connect(a, alice);
    await online;

    const offline = status(bobOnB, alice, false, 3000);
    aliceOnA.close();
    expect((await offline).lastSeen).to.be.a('string');
  });

  it('carries private messages both ways and typing notices between processes', async () => {
    const [aliceOnA, bobOnB] = await Promise.all([connect(a, alice), connect(b, bob)]);

    const atBob = waitFor(bobOnB, 'chatMessage', (m) => m.text === 'hello from A');
    const sent = await ok<{ message: Message }>(aliceOnA, 'chatMessage', { to: bob.username, text: 'hello from A' });
    expect(await atBob).to.deep.equal(sent.message);

    const atAlice = waitFor(aliceOnA, 'chatMessage', (m) => m.text === 'hello from B');
    const reply = await ok<{ message: Message }>(bobOnB, 'chatMessage', { to: alice.username, text: 'hello from B' });
    expect(await atAlice).to.deep.equal(reply.message);

    const { channelId } = sent.message;
    const typing = waitFor(bobOnB, 'typing', (notice) => notice.channelId === channelId);
    aliceOnA.emit('typing', { channelId });
    expect(await typing).to.deep.equal({ channelId, username: alice.username });
    const done = waitFor(bobOnB, 'doneTyping', (notice) => notice.channelId === channelId);
    aliceOnA.emit('doneTyping', { channelId });
    expect(await done).to.deep.equal({ channelId, username: alice.username });
  });

  it("moves Alice's read position on all her tabs: markRead on A reaches her tab on B", async () => {
    const [aliceOnA, aliceOnB, bobOnC] = await Promise.all([connect(a, alice), connect(b, alice), connect(c, bob)]);
    const first = await ok<{ message: Message }>(bobOnC, 'chatMessage', { to: alice.username, text: 'unread 1' });
    const second = await ok<{ message: Message }>(bobOnC, 'chatMessage', { to: alice.username, text: 'unread 2' });
    const { channelId } = first.message;

    // (A process's first message in a direct channel may announce the channel too, unread > 0.)
    const update = waitFor(aliceOnB, 'channelUpdate', (channel: Channel) => channel.id === channelId && channel.unread === 0);
    await ok(aliceOnA, 'markRead', { channelId, messageId: second.message.id });
    expect(await update).to.include({ id: channelId, unread: 0 });
  });

  it('ends a session on every process: logout on A disconnects its tab on B, and only that session', async () => {
    const other = await logIn(a.url, alice);
    const [sameSessionOnB, otherSessionOnC] = await Promise.all([connect(b, other), connect(c, alice)]);
    const ended = new Promise<string>((resolve) => sameSessionOnB.once('disconnect', resolve));
    const page = await other.agent.get('/io').expect(200);

    await other.agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);

    expect(await ended).to.equal('io server disconnect');
    await ok(otherSessionOnC, 'channels');
  });

  it('lets a client that reconnects to another process catch up with chatHistory after, in order, once', async () => {
    const carol = await signUp(c.url, { username: uniqueName('carol') });
    const [carolOnC, bobOnB] = await Promise.all([connect(c, carol), connect(b, bob)]);
    const seen = await ok<{ message: Message }>(bobOnB, 'chatMessage', { to: carol.username, text: 'seen' });
    const { channelId } = seen.message;
    carolOnC.close();

    // Sent while Carol is away, pipelined on one socket and from a second process.
    const texts = Array.from({ length: 24 }, (_, n) => `missed ${n + 1}`);
    const bobOnA = await connect(a, bob);
    const acks = texts.map((text, n) => ok<{ message: Message }>(n % 2 ? bobOnA : bobOnB, 'chatMessage', { channelId, text }));
    const stored = (await Promise.all(acks)).map((ack) => ack.message);

    const carolOnA = await connect(a, carol);
    const caught: Message[] = [];
    for (let after = seen.message.id, more = true; more;) {
      const page = await ok<{ messages: Message[]; hasMore: boolean }>(carolOnA, 'chatHistory', { channelId, after, limit: 10 });
      caught.push(...page.messages);
      more = page.hasMore;
      after = page.messages.at(-1)?.id ?? after;
    }

    const ids = caught.map((message) => BigInt(message.id));
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids).to.deep.equal([...ids].sort((x, y) => (x < y ? -1 : 1)));
    expect(caught.map((message) => message.text)).to.have.members(texts);
    expect(caught.map((message) => message.id)).to.have.members(stored.map((message) => message.id));
    // Each socket's own messages keep the order it sent them in.
    const fromB = caught.filter((message) => texts.indexOf(message.text) % 2 === 0).map((message) => message.text);
    expect(fromB).to.deep.equal(texts.filter((_, n) => n % 2 === 0));
  });

  it('after a SIGKILL, announces its users offline on the others within seconds; they keep working, and the users come back with it', async function () {
    this.timeout(45_000);
    const dave = await signUp(c.url, { username: uniqueName('dave') });
    const [bobOnB, aliceOnA] = await Promise.all([connect(b, bob), connect(a, alice)]);
    await Promise.all([connect(c, dave), connect(c, alice)]);
    const statuses = record(bobOnB, 'userStatus');
    const daveOffline = status(bobOnB, dave, false, 30_000);

    const killedAt = Date.now();
    await c.kill('SIGKILL');
    const announced = await daveOffline;
    const elapsed = Date.now() - killedAt;
    console.log(
      `      (offline announced ${elapsed} ms after the SIGKILL; heartbeat ${HEARTBEAT_MS} ms, dead after ${DEAD_AFTER_MS} ms)`,
    );

    expect(elapsed, 'offline within the dead time plus two beats').to.be.below(DEAD_AFTER_MS + 2 * HEARTBEAT_MS + 1500);
    expect(announced.lastSeen).to.be.a('string');
    expect(Date.parse(announced.lastSeen ?? '')).to.be.within(killedAt - HEARTBEAT_MS - 1000, killedAt + 1000);
    // Alice still has a tab on A: one presence, never announced offline.
    expect(statuses.filter((user: User) => user.username === alice.username)).to.deep.equal([]);

    const { socket: fresh, users } = await openWithUsers(a.url, { cookie: bob.cookie });
    sockets.push(fresh);
    const snapshot = users.find((user) => user.username === dave.username);
    expect(snapshot).to.include({ online: false });
    expect(users.find((user) => user.username === alice.username)).to.include({ online: true });

    const atBob = waitFor(bobOnB, 'chatMessage', (m) => m.text === 'still here');
    await ok(aliceOnA, 'chatMessage', { to: bob.username, text: 'still here' });
    await atBob;

    c = await deployment.start('C, restarted', { port: c.port });
    const back = status(bobOnB, dave, true);
    await connect(c, dave);
    await back;
  });
});
