/**
 * Presence on a large site (more than 500 users), PROTOCOL.md "large sites and restarts", over a
 * real server: `updateUsers` lists partners then small rooms' members (at most 1,000), `userStatus`
 * reaches partners, members of rooms of at most 500 and watchers and nobody else, `watchPresence`
 * replaces and clears a socket's watched set; a small site keeps the full list and the broadcast.
 * Each site has a database of its own: in services mode a scratch MySQL database, since the shared
 * one must stay small for the other suites.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { UserRecord } from '../../src/chat/records';
import { LIMITS, type User } from '../../src/shared';
import { scratchMysqlUrl } from '../store/support';
import { signUp, type SignedIn } from '../support/http';
import { seedUsers } from '../support/seed';
import { connectAs, ok, openWithUsers, record, request, sleep, waitFor, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

/** Long enough for an event that is coming to have arrived, when another socket already got its copy. */
const QUIET_MS = 200;
/** Past the server's offline grace (1 s): a user whose tabs closed is offline, announced, before the next test. */
const SETTLE_MS = 1300;

type Site = { apps: TestApp[]; stop(): Promise<void> };

/** `processes` apps on one new database (and, with Redis, one prefix): one site. */
async function newSite(processes = 1): Promise<Site> {
  const scratch = process.env.MYSQL_URL ? await scratchMysqlUrl(process.env.MYSQL_URL) : undefined;
  // The contract's threshold, which the rest of the suite raises (test/support/test-app.ts).
  const env: Record<string, string> = {
    LARGE_SITE_USERS: String(LIMITS.fullUserListMax),
    ...(scratch ? { MYSQL_URL: scratch.url } : {}),
  };
  const redisPrefix = `test:${randomUUID()}:`;
  // Embedded, each app has its own SQLite file: one process is one site.
  const first = await createTestApp({ env, redisPrefix });
  const others = await Promise.all(Array.from({ length: processes - 1 }, () => createTestApp({ env, redisPrefix })));
  const apps = [first, ...others];
  return {
    apps,
    async stop() {
      await Promise.all(apps.map((app) => app.stop()));
      await scratch?.drop();
    },
  };
}

async function idOf(app: TestApp, user: SignedIn): Promise<string> {
  const record = await app.stores.users.findByUsername(user.username);
  if (!record) throw new Error(`no user ${user.username}`);
  return record.id;
}

const onlineOf = (user: SignedIn, online: boolean) => (status: User) =>
  status.username === user.username && status.online === online;
const statusesOf = (seen: User[], user: SignedIn) => seen.filter((status) => status.username === user.username);

describe('presence on a large site', function () {
  this.timeout(60_000);
  let site: Site;
  let app: TestApp;
  let seeded: UserRecord[];
  let alice: SignedIn, bob: SignedIn, carol: SignedIn, dave: SignedIn, erin: SignedIn, watcher: SignedIn, hub: SignedIn;
  let open: ClientSocket[] = [];

  const connect = async (user: SignedIn) => {
    const socket = await connectAs(app.url, user.cookie);
    open.push(socket);
    return socket;
  };
  const room = async (creator: string, memberIds: string[]) =>
    app.stores.channels.createRoom({ name: 'r', isPrivate: true, createdBy: creator, memberIds, now: Date.now() });

  before(async () => {
    site = await newSite();
    app = site.apps[0] as TestApp; // newSite makes at least one
    seeded = await seedUsers(app.stores.users, 1100);
    const people = await Promise.all(Array.from({ length: 7 }, () => signUp(app.url)));
    [alice, bob, carol, dave, erin, watcher, hub] = people as [
      SignedIn,
      SignedIn,
      SignedIn,
      SignedIn,
      SignedIn,
      SignedIn,
      SignedIn,
    ]; // seven made just above
    const [aliceId, bobId, carolId, erinId, hubId] = [
      await idOf(app, alice),
      await idOf(app, bob),
      await idOf(app, carol),
      await idOf(app, erin),
      await idOf(app, hub),
    ];
    // alice: bob is a partner, carol shares a small room, erin only a room of more than 500.
    await app.stores.channels.findOrCreateDirect(aliceId, bobId, aliceId, Date.now());
    await room(aliceId, [carolId]);
    await room(aliceId, [erinId, ...seeded.slice(0, 501).map((u) => u.id)]);
    // hub: 3 partners and 1,050 people in small rooms, past the list's 1,000.
    for (const partner of seeded.slice(1050, 1053))
      await app.stores.channels.findOrCreateDirect(hubId, partner.id, hubId, Date.now());
    await room(
      hubId,
      seeded.slice(0, 450).map((u) => u.id),
    );
    await room(
      hubId,
      seeded.slice(450, 900).map((u) => u.id),
    );
    await room(
      hubId,
      seeded.slice(900, 1050).map((u) => u.id),
    );
  });
  afterEach(async () => {
    for (const socket of open) socket.close();
    open = [];
    await sleep(SETTLE_MS);
  });
  after(() => site?.stop());

  it('sends a new socket its partners, then its small rooms’ members, with presence, and nobody else', async () => {
    await connect(bob);
    const { socket, users } = await openWithUsers(app.url, { cookie: alice.cookie });
    open.push(socket);
    expect(users).to.deep.equal([
      { username: bob.username, online: true },
      { username: carol.username, online: false },
    ]);
  });

  it('lists at most 1,000: partners first, then room members, each by name', async () => {
    const { socket, users } = await openWithUsers(app.url, { cookie: hub.cookie });
    open.push(socket);
    const names = (records: UserRecord[]) => records.map((user) => user.username);
    const listed = users.map((user) => user.username);
    expect(listed.slice(0, 3)).to.deep.equal(names(seeded.slice(1050, 1053)));
    // Rooms are read in order until the list is full: the first two whole, then part of the third.
    const members = listed.slice(3);
    expect(members).to.have.length(997);
    expect(members).to.deep.equal([...members].sort());
    expect(members).to.include.members(names(seeded.slice(0, 900)));
    expect(names(seeded.slice(900, 1050))).to.include.members(members.slice(900));
  });

  it('tells userStatus to partners, members of small rooms and watchers, never to anyone else', async () => {
    const [bobs, carols, daves, erins, watchers] = await Promise.all([
      connect(bob),
      connect(carol),
      connect(dave),
      connect(erin),
      connect(watcher),
    ]);
    await ok(watchers, 'watchPresence', { usernames: [alice.username] });
    const [byBob, byCarol, byDave, byErin, byWatcher] = [bobs, carols, daves, erins, watchers].map((socket) =>
      record(socket, 'userStatus'),
    ) as [User[], User[], User[], User[], User[]]; // one record per socket, five sockets

    const hearers = [bobs, carols, watchers];
    const online = Promise.all(hearers.map((socket) => waitFor(socket, 'userStatus', onlineOf(alice, true))));
    const aliceTab = await connect(alice);
    await online;
    await sleep(QUIET_MS);
    const offline = Promise.all(hearers.map((socket) => waitFor(socket, 'userStatus', onlineOf(alice, false))));
    aliceTab.close();
    await offline;
    await sleep(QUIET_MS);

    for (const seen of [byBob, byCarol, byWatcher])
      expect(statusesOf(seen, alice).map((s) => s.online)).to.deep.equal([true, false]);
    expect(statusesOf(byDave, alice), 'a stranger').to.deep.equal([]);
    expect(statusesOf(byErin, alice), 'a member of a room past 500').to.deep.equal([]);
  });

  it('tells a nickname change to the same people only', async () => {
    const [aliceTab, bobs, daves] = await Promise.all([connect(alice), connect(bob), connect(dave)]);
    const byDave = record(daves, 'userStatus');
    const renamed = waitFor(bobs, 'userStatus', (u) => u.username === alice.username && u.nickname === 'Ally');
    await ok(aliceTab, 'setNickname', { nickname: 'Ally' });
    await renamed;
    await sleep(QUIET_MS);
    expect(statusesOf(byDave, alice)).to.deep.equal([]);
    await ok(aliceTab, 'setNickname', { nickname: null });
  });

  it('answers watchPresence with those that exist, in the order asked; each call replaces the set, [] clears it', async () => {
    const [watching, control] = await Promise.all([connect(watcher), connect(hub)]);
    const daveTab = await connect(dave);
    const first = await ok<{ users: User[] }>(watching, 'watchPresence', {
      usernames: [dave.username.toUpperCase(), 'nobody_by_that_name', erin.username],
    });
    expect(first.users.map((u) => [u.username, u.online])).to.deep.equal([
      [dave.username, true],
      [erin.username, false],
    ]);

    // Replaced: erin only. dave going is not heard; erin coming is.
    await ok(watching, 'watchPresence', { usernames: [erin.username] });
    await ok(control, 'watchPresence', { usernames: [dave.username, erin.username] });
    const seen = record(watching, 'userStatus');
    const daveGone = waitFor(control, 'userStatus', onlineOf(dave, false));
    daveTab.close();
    await daveGone;
    const erinCame = waitFor(watching, 'userStatus', onlineOf(erin, true));
    const erinTab = await connect(erin);
    await erinCame;

    // Cleared: erin going is heard by the control only.
    await ok(watching, 'watchPresence', { usernames: [] });
    const erinGone = waitFor(control, 'userStatus', onlineOf(erin, false));
    erinTab.close();
    await erinGone;
    await sleep(QUIET_MS);
    expect(seen.map((s) => [s.username, s.online])).to.deep.equal([[erin.username, true]]);
  });

  it('takes up to 200 names; 201 is invalid and changes nothing', async () => {
    const watching = await connect(watcher);
    const names = seeded.slice(0, 199).map((u) => u.username);
    const reply = await ok<{ users: User[] }>(watching, 'watchPresence', { usernames: [...names, dave.username] });
    expect(reply.users).to.have.length(200);
    const refused = await request(watching, 'watchPresence', { usernames: [...names, dave.username, erin.username] });
    expect(refused.ok === false && refused.error.code).to.equal('invalid');
    const daveCame = waitFor(watching, 'userStatus', onlineOf(dave, true));
    await connect(dave);
    await daveCame;
  });
});

describe('presence on a small site', function () {
  this.timeout(30_000);
  let site: Site;
  let app: TestApp;
  before(async () => {
    site = await newSite();
    app = site.apps[0] as TestApp; // newSite makes at least one
  });
  after(() => site?.stop());

  it('still lists every user and tells everyone, watching or not', async () => {
    const [alice, stranger, absent] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const { socket: strangers, users } = await openWithUsers(app.url, { cookie: stranger.cookie });
    expect(users.map((u) => u.username)).to.have.members([alice.username, stranger.username, absent.username]);
    expect(await ok(strangers, 'watchPresence', { usernames: [] })).to.deep.equal({ ok: true, users: [] });
    const heard = waitFor(strangers, 'userStatus', onlineOf(alice, true));
    const aliceTab = await connectAs(app.url, alice.cookie);
    await heard;
    for (const socket of [strangers, aliceTab]) socket.close();
  });
});

describe('presence on a large site across two processes', function () {
  this.timeout(60_000);
  let site: Site;
  let one: TestApp;
  let two: TestApp;
  let open: ClientSocket[] = [];
  const connect = async (app: TestApp, user: SignedIn) => {
    const socket = await connectAs(app.url, user.cookie);
    open.push(socket);
    return socket;
  };

  before(async function () {
    if (!process.env.MYSQL_URL || !process.env.REDIS_URL) this.skip();
    site = await newSite(2);
    [one, two] = site.apps as [TestApp, TestApp]; // newSite(2) makes two
  });
  afterEach(() => {
    for (const socket of open) socket.close();
    open = [];
  });
  after(() => site?.stop());

  it('turns large on every process after a sign-up on one, and then tells a status only to whom it concerns', async () => {
    await seedUsers(one.stores.users, 497);
    const [alice, bob, stranger] = [await signUp(one.url), await signUp(one.url), await signUp(two.url)];
    const [aliceId, bobId] = [await idOf(one, alice), await idOf(one, bob)];
    await one.stores.channels.findOrCreateDirect(aliceId, bobId, aliceId, Date.now());
    // 500 users: small. The stranger, on the other process, hears alice.
    const strangers = await connect(two, stranger);
    const bobs = await connect(one, bob);
    const heard = waitFor(strangers, 'userStatus', onlineOf(alice, true));
    const aliceTab = await connect(one, alice);
    await heard;
    const gone = waitFor(bobs, 'userStatus', onlineOf(alice, false));
    aliceTab.close();
    await gone;

    // The 501st signs up on process two; process one counts again within a second.
    await signUp(two.url);
    await sleep(1100);
    const byStranger = record(strangers, 'userStatus');
    const back = waitFor(bobs, 'userStatus', onlineOf(alice, true));
    await connect(one, alice);
    await back;
    await sleep(QUIET_MS);
    expect(statusesOf(byStranger, alice)).to.deep.equal([]);
  });

  it('reaches partners, small rooms and watchers on the other process, and nobody else on either', async () => {
    const [alice, bob, carol, dave, eve, watcher] = [
      await signUp(two.url),
      await signUp(one.url),
      await signUp(two.url),
      await signUp(one.url),
      await signUp(two.url),
      await signUp(one.url),
    ];
    const [aliceId, bobId, carolId] = [await idOf(one, alice), await idOf(one, bob), await idOf(one, carol)];
    await one.stores.channels.findOrCreateDirect(aliceId, bobId, aliceId, Date.now());
    await one.stores.channels.createRoom({
      name: 'r',
      isPrivate: true,
      createdBy: aliceId,
      memberIds: [carolId],
      now: Date.now(),
    });
    const hearers = [await connect(one, bob), await connect(two, carol), await connect(one, watcher)];
    const others = [await connect(one, dave), await connect(two, eve)];
    await ok(hearers[2] as ClientSocket, 'watchPresence', { usernames: [alice.username] });
    const byOthers = others.map((socket) => record(socket, 'userStatus'));
    const heard = Promise.all(hearers.map((socket) => waitFor(socket, 'userStatus', onlineOf(alice, true))));
    await connect(two, alice);
    await heard;
    await sleep(QUIET_MS);
    for (const seen of byOthers) expect(statusesOf(seen, alice)).to.deep.equal([]);
  });
});
