/**
 * `@` autocomplete on a large site (more than 500 users) in real Chromium: the page knows only the
 * people of its conversations, so in Everyone, whose members are all users, the server's matches
 * (`findUsers`) join the ones the page knows, after them and without repeating them; a room keeps
 * to its own members. The site has a database of its own (useLargeSiteStage).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { conversationEntry, describeInBrowser, login, type Person } from '../support/browser';
import { signUp, uniqueName } from '../support/http';
import { useLargeSiteStage } from '../support/large-site-stage';
import { seedUsers } from '../support/seed';

const PREFIX = `m${randomBytes(4).toString('hex')}_`;
const ROOM = `Pantry ${randomBytes(3).toString('hex')}`;
const seeded = (n: number) => `${PREFIX}${String(n).padStart(4, '0')}`;

describeInBrowser('Mention suggestions on a large site, in Chromium', function () {
  this.timeout(120_000);
  const stage = useLargeSiteStage();

  let ann: Person;
  const people = () => stage.app.stores;

  before(async () => {
    const users = await seedUsers(people().users, 501, PREFIX);
    const account = await signUp(stage.app.url, { username: uniqueName('ann') });
    const annId = (await people().users.findByUsername(account.username))?.id ?? '';
    const idOf = (n: number) => users[n]?.id ?? '';
    // Her one conversation partner, the only one of them her page is told about.
    await people().channels.findOrCreateDirect(annId, idOf(105), annId, Date.now());
    await people().channels.createRoom({
      name: ROOM,
      isPrivate: false,
      createdBy: annId,
      memberIds: [idOf(200)],
      now: Date.now(),
    });
    ann = await stage.person(account.username, { password: account.password });
    await login(ann, stage.app.url);
  });
  afterEach(() => expect(ann.errors, 'page errors').to.deep.equal([]));

  const input = () => ann.page.getByLabel('Message', { exact: true });
  const suggestions = () => ann.page.getByRole('listbox', { name: 'Mention suggestions' });
  const suggested = () =>
    suggestions()
      .getByRole('option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('data-username')));
  const openConversation = async (title: string) => {
    await conversationEntry(ann.page, title).click();
    await ann.page.locator('#conversation-title', { hasText: title }).waitFor();
  };

  it('suggests in Everyone people the page does not know, after those it knows, and inserts the chosen one', async () => {
    await openConversation('Everyone');
    await input().fill('');
    await input().pressSequentially(`Hi @${PREFIX}01`);
    await suggestions()
      .locator(`[data-username="${seeded(107)}"]`)
      .waitFor();
    // The partner the page knows first, then the server's matches in name order, none twice, eight in all.
    expect(await suggested()).to.deep.equal([105, 100, 101, 102, 103, 104, 106, 107].map(seeded));
    const first = suggestions().getByRole('option').first();
    expect(await first.getAttribute('aria-selected')).to.equal('true');
    expect(await input().getAttribute('aria-activedescendant')).to.equal(await first.getAttribute('id'));

    await input().press('ArrowDown');
    await input().press('ArrowDown');
    const chosen = suggestions().locator(`[data-username="${seeded(101)}"]`);
    expect(await chosen.getAttribute('aria-selected')).to.equal('true');
    expect(await input().getAttribute('aria-activedescendant')).to.equal(await chosen.getAttribute('id'));
    await input().press('Enter');
    expect(await input().inputValue()).to.equal(`Hi @${seeded(101)} `);
    expect(await suggestions().isHidden()).to.equal(true);
  });

  it('narrows the server’s suggestions as the name grows, and a click inserts one', async () => {
    await input().fill('');
    await input().pressSequentially(`@${PREFIX}04`);
    await suggestions()
      .locator(`[data-username="${seeded(400)}"]`)
      .waitFor();
    await input().pressSequentially('3');
    await suggestions()
      .locator(`[data-username="${seeded(430)}"]`)
      .waitFor();
    expect(await suggested()).to.deep.equal([430, 431, 432, 433, 434, 435, 436, 437].map(seeded));
    await suggestions()
      .locator(`[data-username="${seeded(433)}"]`)
      .click();
    expect(await input().inputValue()).to.equal(`@${seeded(433)} `);
  });

  it('keeps a room to its members', async () => {
    await openConversation(ROOM);
    await input().fill('');
    await input().pressSequentially(`@${PREFIX}02`);
    await suggestions()
      .locator(`[data-username="${seeded(200)}"]`)
      .waitFor();
    await ann.page.waitForTimeout(600); // time enough for a lookup that must not happen
    expect(await suggested()).to.deep.equal([seeded(200)]);
    await input().press('Escape');
    await input().fill('');
  });
});
