/**
 * The people panel on a large site (more than 500 users) in real Chromium: it lists the people the
 * user shares a conversation with, not the whole site; people found by the search and the members
 * of the open room are watched, so their presence stays live although the server no longer tells
 * it to everyone. The site has a database of its own (useLargeSiteStage).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { LIMITS } from '../../src/shared';
import { describeInBrowser, conversationEntry, login, screenshot, type Person } from '../support/browser';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { useLargeSiteStage } from '../support/large-site-stage';
import { seedUsers } from '../support/seed';
import { connectAs, type ClientSocket } from '../support/sockets';

const ROOM = `Town hall ${randomBytes(3).toString('hex')}`;
/** The seeded users' names: `<prefix>0000` to `<prefix>0500`. */
const seededPrefix = `p${randomBytes(3).toString('hex')}_`;

describeInBrowser('The people panel on a large site, in Chromium', function () {
  this.timeout(120_000);
  const stage = useLargeSiteStage();

  let ann: Person;
  let ben: SignedIn, cat: SignedIn, dan: SignedIn;
  const sockets = new Map<string, ClientSocket>();
  const people = () => stage.app.stores;

  before(async () => {
    const seeded = await seedUsers(people().users, 501, seededPrefix);
    const [annAccount, benAccount, catAccount, danAccount] = [
      await signUp(stage.app.url, { username: uniqueName('ann') }),
      await signUp(stage.app.url, { username: uniqueName('ben') }),
      // Listed first among the room's members (by name), so within the 200 the page watches.
      await signUp(stage.app.url, { username: uniqueName('acat') }),
      await signUp(stage.app.url, { username: uniqueName('dan') }),
    ];
    [ben, cat, dan] = [benAccount, catAccount, danAccount];
    const idOf = async (user: SignedIn) => (await people().users.findByUsername(user.username))?.id ?? '';
    const [annId, benId, catId] = [await idOf(annAccount), await idOf(ben), await idOf(cat)];
    await people().channels.findOrCreateDirect(annId, benId, annId, Date.now());
    await people().channels.createRoom({
      name: ROOM,
      isPrivate: false,
      createdBy: annId,
      memberIds: [catId, ...seeded.map((user) => user.id)],
      now: Date.now(),
    });
    for (const user of [ben, cat, dan]) sockets.set(user.username, await connectAs(stage.app.url, user.cookie));
    ann = await stage.person(annAccount.username, { password: annAccount.password });
    await login(ann, stage.app.url);
  });
  after(() => {
    for (const socket of sockets.values()) socket.close();
  });
  afterEach(() => expect(ann.errors, 'page errors').to.deep.equal([]));

  const leave = (user: SignedIn) => sockets.get(user.username)?.close();
  const listed = (username: string, where = '#user-list') => ann.page.locator(`${where} li [data-username="${username}"]`);
  const listedOnline = (username: string, where = '#user-list') =>
    ann.page.locator(`${where} li.online [data-username="${username}"]`);
  const listedOffline = (username: string, where = '#user-list') =>
    ann.page.locator(`${where} li:not(.online) [data-username="${username}"]`);

  it('lists the people of her conversations, not the whole site', async () => {
    // Ben, her one partner, is listed once: with their conversation, his presence on its avatar.
    await conversationEntry(ann.page, ben.username).locator('.avatar.online').waitFor();
    expect(await ann.page.locator('#user-list li').count()).to.equal(0);
  });

  it('points to the search instead of calling her alone, and counts no one online in Everyone', async () => {
    const people = ann.page.locator('.people-empty');
    await people.getByText('Find anyone else by username with the search above.').waitFor();
    expect(await people.innerText()).to.not.include('signed up');
    await ann.page.locator('#conversation-title', { hasText: 'Everyone' }).waitFor();
    // Three people are connected, but her page knows of one: no count rather than a wrong one.
    expect(await ann.page.locator('#conversation-meta').innerText()).to.equal('Everyone who has signed up');
    await screenshot(ann.page, '70-large-site-people');
  });

  it('says that a full page of people found is only the first of them', async () => {
    await ann.page.getByLabel('Search people').fill(seededPrefix);
    const status = ann.page.locator('#search-status');
    await status.getByText(`First ${LIMITS.findUsersResults} shown: type more of the name to narrow them.`).waitFor();
    await ann.page.getByLabel('Search people').fill(`${seededPrefix}004`);
    await status.getByText('10 found', { exact: true }).waitFor();
    await screenshot(ann.page, '71-large-site-people-search');
    await ann.page.getByLabel('Search people').fill('');
  });

  it('keeps the presence of a person found by the search live', async () => {
    await ann.page.getByLabel('Search people').fill(dan.username);
    await listedOnline(dan.username, '#search-results').waitFor();
    // Watched, so known to the panel too (hidden behind the results while they show).
    await listed(dan.username).waitFor({ state: 'attached' });
    leave(dan);
    await listedOffline(dan.username, '#search-results').waitFor({ timeout: 8000 });
    await ann.page.getByLabel('Search people').fill('');
    await listed(dan.username, '#search-results').waitFor({ state: 'detached' });
    // No longer shown, so no longer watched, so no longer listed.
    await listed(dan.username).waitFor({ state: 'detached' });
    expect(await ann.page.locator('#user-list li').count()).to.equal(0);
  });

  it('shows the open room’s members with live presence, and only while it is open', async () => {
    await conversationEntry(ann.page, ROOM).click();
    await listedOnline(cat.username).waitFor();
    leave(cat);
    await listedOffline(cat.username).waitFor({ timeout: 8000 });
    await conversationEntry(ann.page, 'Everyone').click();
    await listed(cat.username).waitFor({ state: 'detached' });
  });
});
