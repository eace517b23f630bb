/**
 * Rooms and nicknames in real Chromium, the way people use them: one person makes a private room
 * and invites a second with the member dialog, they talk there while a third person never sees
 * it; a public room is found and joined, then left; a nickname set in its dialog shows beside the
 * username for everyone. Usernames and room names are unique per run (MYSQL_URL keeps its data).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { uniqueName } from '../support/http';
import {
  conversationEntry,
  describeInBrowser,
  screenshot,
  sendMessage,
  shownMessages,
  useBrowserStage,
  type Person,
} from '../support/browser';
import { eventually } from '../support/waiting';

const tag = randomBytes(3).toString('hex');
const PRIVATE_ROOM = `Launch plans ${tag}`;
const PUBLIC_ROOM = `Open house ${tag}`;
const HOSTILE_NICKNAME = '<img src=x onerror=alert(1)>';

async function openDialog(page: Page, button: string, title: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor();
  return dialog;
}

/** Types into a username field and picks the suggestion for `username` with the keyboard. */
async function pickPerson(page: Page, field: string, username: string): Promise<void> {
  const input = page.getByRole('combobox', { name: field });
  await input.pressSequentially(username.slice(0, 6), { delay: 20 });
  const option = page.getByRole('option', { name: new RegExp(username) });
  await option.waitFor();
  while ((await option.getAttribute('aria-selected')) !== 'true') await input.press('ArrowDown');
  await input.press('Enter');
}

describeInBrowser('Rooms and nicknames in Chromium', function () {
  this.timeout(90_000);
  const stage = useBrowserStage();
  let ann: Person;
  let ben: Person;
  let cat: Person;

  before(async () => {
    ann = await stage.registered(uniqueName('ann'));
    ben = await stage.registered(uniqueName('ben'));
    cat = await stage.registered(uniqueName('cat'));
  });

  afterEach(() => {
    for (const person of stage.people) {
      expect(person.errors, `${person.username}'s page errors`).to.deep.equal([]);
      expect(person.dialogs, `${person.username}'s alerts`).to.deep.equal([]);
    }
  });

  it('creates a private room from the sidebar and opens it', async () => {
    const dialog = await openDialog(ann.page, 'New room', 'New room');
    expect(await ann.page.evaluate(() => document.activeElement?.id)).to.equal('room-name');
    await dialog.getByLabel('Name').fill(PRIVATE_ROOM);
    await dialog.getByLabel(/Private/).check();
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await ann.page.locator('#conversation-title', { hasText: `# ${PRIVATE_ROOM}` }).waitFor();
    expect(await ann.page.locator('#conversation-meta').innerText()).to.equal('Private room · 1 member · 1 online');
    // The `#` avatar says "room" to the eye; the name beside it and the intro do not repeat it.
    const entry = ann.page.locator('#channel-list .channel-room button');
    await entry.waitFor();
    expect(await entry.locator('.channel-name').innerText()).to.equal(PRIVATE_ROOM);
    const named = ann.page
      .locator('#channel-list')
      .getByRole('button', { name: new RegExp(`^${PRIVATE_ROOM} ?, private room: `) });
    expect(await named.count(), 'named "<room>, private room: …"').to.equal(1);
    expect(await ann.page.locator('.conversation-intro h2').innerText()).to.equal(`Welcome to ${PRIVATE_ROOM}`);
    await conversationEntry(ann.page, PRIVATE_ROOM).waitFor();
    expect(await ann.page.evaluate(() => document.activeElement?.id), 'focus lands in the composer').to.equal('message-input');
  });

  it('invites a second person with the member dialog, by keyboard, and shows their presence', async () => {
    const dialog = await openDialog(ann.page, `Members 1`, `# ${PRIVATE_ROOM}`);
    await pickPerson(ann.page, 'Invite someone', ben.username);
    await dialog.locator('#invite-status', { hasText: `${ben.username} is now a member.` }).waitFor();
    const member = dialog.locator('#room-member-list li.online', { hasText: ben.username });
    await member.waitFor();
    expect(await member.locator('.avatar.online').count()).to.equal(1);
    expect(await dialog.locator('#room-dialog-meta').innerText()).to.equal('Private room · 2 members · 2 online');
    await screenshot(ann.page, '20-room-members');
    await ann.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await ann.page.evaluate(() => document.activeElement?.id), 'focus returns to the opener').to.equal(
      'room-members-button',
    );

    await conversationEntry(ben.page, PRIVATE_ROOM).waitFor();
    await ben.page.locator('#composer-status', { hasText: `# ${PRIVATE_ROOM} is now in your conversations.` }).waitFor();
  });

  it('lets the two chat in the room, with typing, while a third person never sees it', async () => {
    await conversationEntry(ben.page, PRIVATE_ROOM).click();
    await ben.page.locator('#conversation-title', { hasText: `# ${PRIVATE_ROOM}` }).waitFor();
    await sendMessage(ben.page, 'Thanks for the invite! Shall we ship on **Friday**?');
    await ann.page.locator('#message-list li.message', { hasText: 'Shall we ship on Friday?' }).waitFor();
    await ann.page.getByLabel('Message', { exact: true }).pressSequentially('Friday', { delay: 40 });
    await ben.page.locator('#typing', { hasText: `${ann.username} is typing…` }).waitFor();
    await ann.page.getByLabel('Message', { exact: true }).press('Enter');
    await eventually(
      () => shownMessages(ben.page),
      (texts) => texts.length === 2,
      { what: 'the reply' },
    );
    expect(await shownMessages(ben.page)).to.deep.equal(['Thanks for the invite! Shall we ship on Friday?', 'Friday']);
    await screenshot(ben.page, '21-room-conversation');

    const catsPage = await cat.page.locator('body').innerText();
    expect(catsPage).to.not.include(PRIVATE_ROOM);
    expect(catsPage).to.not.include('ship on');
    const dialog = await openDialog(cat.page, 'Find rooms', 'Find rooms');
    await dialog.getByLabel('Search public rooms').fill(tag);
    await dialog.locator('#room-search-status', { hasText: `No public room’s name contains “${tag}”.` }).waitFor();
    await cat.page.keyboard.press('Escape');
  });

  it('finds a public room with the search box and joins it; the members see the count change', async () => {
    const create = await openDialog(cat.page, 'New room', 'New room');
    await create.getByLabel('Name').fill(PUBLIC_ROOM);
    await pickPerson(cat.page, 'Add people (optional)', ann.username);
    await create.getByRole('listitem').filter({ hasText: ann.username }).waitFor();
    await create.getByRole('button', { name: 'Create room' }).click();
    await cat.page.locator('#conversation-title', { hasText: `# ${PUBLIC_ROOM}` }).waitFor();
    await sendMessage(cat.page, 'Welcome, everyone: the house is open');
    await conversationEntry(ann.page, PUBLIC_ROOM).locator('.badge', { hasText: '1' }).waitFor();

    const browse = await openDialog(ben.page, 'Find rooms', 'Find rooms');
    await browse.getByLabel('Search public rooms').fill(`OPEN HOUSE ${tag}`);
    const join = browse.getByRole('button', { name: `Join ${PUBLIC_ROOM}` });
    await join.waitFor();
    await screenshot(ben.page, '22-find-rooms');
    expect(await browse.locator('#room-results').innerText()).to.not.include(PRIVATE_ROOM);
    await join.click();
    await browse.waitFor({ state: 'hidden' });
    await ben.page.locator('#conversation-title', { hasText: `# ${PUBLIC_ROOM}` }).waitFor();
    // Everything said before joining is there to read.
    await ben.page.locator('#message-list li.message', { hasText: 'the house is open' }).waitFor();
    await cat.page.locator('#room-members-count', { hasText: '3' }).waitFor();
    expect(await cat.page.locator('#conversation-meta').innerText()).to.equal('Public room · 3 members · 3 online');
  });

  it('sets a nickname from its dialog, shown beside the username everywhere, as plain text', async () => {
    await conversationEntry(ann.page, PUBLIC_ROOM).click();
    const dialog = await openDialog(ben.page, 'Nickname', 'Your nickname');
    await dialog.getByLabel('Nickname', { exact: true }).fill('Builder Ben');
    expect(await dialog.locator('#nickname-preview').innerText()).to.equal(`Builder Ben (${ben.username})`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await ben.page.locator('#me').innerText()).to.equal(`Builder Ben (${ben.username})`);

    const full = `Builder Ben (${ben.username})`;
    await sendMessage(ben.page, 'Nickname test');
    await ann.page
      .locator('#message-list li.message', { hasText: 'Nickname test' })
      .locator('.message-author', { hasText: full })
      .waitFor();
    await ann.page.locator(`#user-list [data-username="${ben.username}"] .person-name`, { hasText: full }).waitFor();
    await ben.page.getByLabel('Message', { exact: true }).pressSequentially('more', { delay: 40 });
    await ann.page.locator('#typing', { hasText: `${full} is typing…` }).waitFor();
    const members = await openDialog(ann.page, 'Members 3', `# ${PUBLIC_ROOM}`);
    await members.locator('#room-member-list', { hasText: full }).waitFor();
    await screenshot(ann.page, '23-nickname-everywhere');
    await ann.page.keyboard.press('Escape');
    await ben.page.getByLabel('Message', { exact: true }).fill('');

    // A nickname that looks like markup is only ever text, and the username still follows it.
    await sendMessage(ben.page, `/nick ${HOSTILE_NICKNAME}`);
    const author = ann.page.locator('#message-list li.message', { hasText: 'Nickname test' }).locator('.message-author');
    await eventually(
      () => author.innerText(),
      (text) => text === `${HOSTILE_NICKNAME} (${ben.username})`,
      { what: 'the new nickname on the message' },
    );
    expect(await author.locator('img').count()).to.equal(0);
    await ann.page.waitForTimeout(300); // an onerror would have fired by now
    await sendMessage(ben.page, '/nick');
    await eventually(
      () => author.innerText(),
      (text) => text === ben.username,
      { what: 'the nickname to clear' },
    );
  });

  it('leaves a room after confirming; the others see the member list shrink', async () => {
    await conversationEntry(ben.page, PUBLIC_ROOM).click();
    const dialog = await openDialog(ben.page, 'Members 3', `# ${PUBLIC_ROOM}`);
    await dialog.getByRole('button', { name: 'Leave room' }).click();
    await dialog.locator('#leave-warning', { hasText: 'You can join it again from Find rooms.' }).waitFor();
    await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await ben.page.locator('#conversation-title', { hasText: 'Everyone' }).waitFor();
    await ben.page.locator('#composer-status', { hasText: `You left # ${PUBLIC_ROOM}.` }).waitFor();
    await conversationEntry(ben.page, PUBLIC_ROOM).waitFor({ state: 'detached' });
    await cat.page.locator('#room-members-count', { hasText: '2' }).waitFor();

    await sendMessage(cat.page, 'said after ben left');
    await ann.page.locator('#message-list li.message', { hasText: 'said after ben left' }).waitFor();
    expect(await ben.page.locator('body').innerText()).to.not.include('said after ben left');
  });

  it('fits the member dialog on a 360 px screen', async () => {
    const phone = await stage.person(ann.username, { password: ann.password, viewport: { width: 360, height: 740 } });
    await phone.page.goto(`${stage.app.url}/login`);
    await phone.page.getByLabel('Username').fill(ann.username);
    await phone.page.getByLabel('Password').fill(ann.password);
    await Promise.all([
      phone.page.waitForURL(`${stage.app.url}/io`),
      phone.page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await phone.page.locator('#connection-state[data-state="connected"]').waitFor();
    await phone.page.getByRole('button', { name: 'Conversations and people' }).click();
    await conversationEntry(phone.page, PRIVATE_ROOM).click();
    await phone.page.locator('#conversation-title', { hasText: `# ${PRIVATE_ROOM}` }).waitFor();
    const dialog = await openDialog(phone.page, 'Members 2', `# ${PRIVATE_ROOM}`);
    await dialog.locator('#room-member-list li', { hasText: ben.username }).waitFor();
    const fits = await phone.page.evaluate(() => {
      const box = document.getElementById('room-dialog')?.getBoundingClientRect();
      return {
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        left: box?.left ?? -1,
        right: box?.right ?? Infinity,
      };
    });
    expect(fits.scroll).to.be.at.most(fits.client);
    expect(fits.left).to.be.at.least(0);
    expect(fits.right).to.be.at.most(fits.client);
    await screenshot(phone.page, '24-room-members-mobile');
    await stage.leave(phone);
  });
});
