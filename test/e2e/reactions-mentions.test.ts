/**
 * Reactions and mentions in real headless Chromium: two people react and un-react to a message
 * and each sees the counts and which are theirs; the picker finds an emoji by name and picking it
 * reacts; `@` in the composer suggests members and inserts the name; the mentioned person sees the
 * message highlighted and a mention badge on the conversation.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { uniqueName } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  closeAll,
  conversationEntry,
  describeInBrowser,
  launchBrowser,
  newPerson,
  register,
  screenshot,
  sendMessage,
  type Person,
} from '../support/browser';

const run = randomBytes(3).toString('hex');

function messageRow(page: Page, text: string) {
  return page.locator('#message-list li.message:not(.outgoing)', { hasText: text });
}

describeInBrowser('Reactions and mentions in Chromium', function () {
  this.timeout(60_000);
  let app: TestApp;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const people: Person[] = [];

  before(async () => {
    app = await createTestApp();
    browser = await launchBrowser();
    alice = await newPerson(browser, uniqueName('alice'));
    bob = await newPerson(browser, uniqueName('bob'));
    people.push(alice, bob);
    await register(alice, app.url);
    await register(bob, app.url);
  });

  after(async () => {
    await closeAll(people);
    await browser?.close();
    await app?.stop();
  });

  afterEach(function () {
    for (const person of people) expect(person.errors, `${person.username}'s page errors`).to.deep.equal([]);
  });

  it('finds an emoji by name in the picker, and picking it reacts for everyone to see', async () => {
    const text = `Lunch at noon ${run}`;
    await sendMessage(alice.page, text);
    const bobsRow = messageRow(bob.page, text);
    await bobsRow.waitFor();
    await bobsRow.hover();
    await bobsRow.getByRole('button', { name: 'React', exact: true }).click();
    const picker = bob.page.getByRole('dialog', { name: 'Choose a reaction' });
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('tada');
    await screenshot(bob.page, 'reaction-picker');
    await picker.getByRole('group', { name: 'All emoji' }).getByRole('button', { name: '🎉' }).first().click();
    await expect(await picker.count()).to.equal(0);

    const bobsReaction = bobsRow.getByRole('button', { name: '🎉 1' });
    await bobsReaction.waitFor();
    expect(await bobsReaction.getAttribute('aria-pressed')).to.equal('true');
    const alicesReaction = messageRow(alice.page, text).getByRole('button', { name: '🎉 1' });
    await alicesReaction.waitFor();
    expect(await alicesReaction.getAttribute('aria-pressed')).to.equal('false');
    expect(await alicesReaction.getAttribute('title')).to.contain(bob.username);
  });

  it('toggles your own reaction with its button, and others see the count change', async () => {
    const text = `Lunch at noon ${run}`;
    const alicesRow = messageRow(alice.page, text);
    await alicesRow.getByRole('button', { name: '🎉 1' }).click();
    const alicesReaction = alicesRow.getByRole('button', { name: '🎉 2' });
    await alicesReaction.waitFor();
    expect(await alicesReaction.getAttribute('aria-pressed')).to.equal('true');
    await messageRow(bob.page, text).getByRole('button', { name: '🎉 2' }).waitFor();

    await alicesReaction.click();
    const back = alicesRow.getByRole('button', { name: '🎉 1' });
    await back.waitFor();
    expect(await back.getAttribute('aria-pressed')).to.equal('false');
    const bobsReaction = messageRow(bob.page, text).getByRole('button', { name: '🎉 1' });
    await bobsReaction.waitFor();
    expect(await bobsReaction.getAttribute('aria-pressed')).to.equal('true');

    await bobsReaction.click();
    await alicesRow.locator('button.reaction').waitFor({ state: 'detached' });
  });

  it('works the picker by keyboard: Escape closes it and gives the focus back', async () => {
    const text = `Lunch at noon ${run}`;
    const row = messageRow(alice.page, text);
    await row.hover();
    const add = row.getByRole('button', { name: 'React', exact: true });
    await add.focus();
    await alice.page.keyboard.press('Enter');
    const search = alice.page.getByRole('searchbox', { name: 'Search emoji' });
    await search.waitFor();
    expect(await search.evaluate((element) => element === document.activeElement)).to.equal(true);
    await alice.page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await add.evaluate((element) => element === document.activeElement)).to.equal(true);

    await add.press('Enter');
    await search.fill('thumbs up');
    await alice.page.keyboard.press('ArrowDown');
    await alice.page.keyboard.press('Enter');
    await row.getByRole('button', { name: '👍 1' }).waitFor();
    await messageRow(bob.page, text).getByRole('button', { name: '👍 1' }).waitFor();
  });

  it('keeps the picker inside the window and off its button once every emoji has loaded', async () => {
    const page = bob.page;
    const row = messageRow(page, `Lunch at noon ${run}`);
    await row.hover();
    const add = row.getByRole('button', { name: 'React', exact: true });
    await add.click();
    const picker = page.getByRole('dialog', { name: 'Choose a reaction' });
    // The grid fills in after the picker was placed (the list is loaded on first use).
    await picker.getByRole('group', { name: 'All emoji' }).getByRole('button').first().waitFor();
    const box = await picker.boundingBox();
    const button = await add.boundingBox();
    const height = await page.evaluate(() => window.innerHeight);
    expect(box && button, 'picker and React button on screen').to.not.equal(null);
    if (!box || !button) return;
    expect(box.y, 'top inside the window').to.be.at.least(0);
    expect(box.y + box.height, 'bottom inside the window').to.be.at.most(height);
    const clear = box.y >= button.y + button.height || box.y + box.height <= button.y;
    expect(clear, 'the picker leaves its button uncovered').to.equal(true);
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
  });

  it('suggests members after @, inserts the chosen name, and the mentioned person sees a badge and the highlight', async () => {
    // Bob looks at another conversation, so the mention arrives unread.
    await bob.page.locator(`#user-list [data-username="${alice.username}"]`).click();
    await bob.page.locator('#conversation-title', { hasText: alice.username }).waitFor();

    const input = alice.page.getByLabel('Message', { exact: true });
    await input.fill('');
    await input.pressSequentially(`Ask @${bob.username.slice(0, -2)}`);
    const suggestions = alice.page.getByRole('listbox', { name: 'Mention suggestions' });
    const option = suggestions.getByRole('option', { name: bob.username });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).to.equal('true');
    await input.press('Enter');
    expect(await input.inputValue()).to.equal(`Ask @${bob.username} `);
    expect(await suggestions.isHidden()).to.equal(true);
    await input.pressSequentially(`about lunch ${run}`);
    await input.press('Enter');
    await messageRow(alice.page, `about lunch ${run}`).locator('.mention').waitFor();

    const everyone = conversationEntry(bob.page, 'Everyone');
    await everyone.locator('.mention-badge', { hasText: '@1' }).waitFor();
    // The badges are named in words: the entry's accessible name says what its dots and badges show.
    expect(await bob.page.getByRole('button', { name: /^Everyone\s*, \d+ unread, 1 mention\b/ }).count()).to.equal(1);
    await everyone.click();
    const row = messageRow(bob.page, `about lunch ${run}`);
    await row.waitFor();
    expect(await row.getAttribute('class')).to.contain('mentions-me');
    expect(await row.locator('.mention-flag').innerText()).to.equal('Mentions you');
    expect(await row.locator('.mention.mention-me').innerText()).to.equal(`@${bob.username}`);
    await everyone.locator('.mention-badge').waitFor({ state: 'hidden' });
    await screenshot(bob.page, 'mention-highlight');
  });

  it('keeps a leading name chosen from the suggestions a mention in the conversation, not a private message', async () => {
    const input = alice.page.getByLabel('Message', { exact: true });
    await input.pressSequentially(`@${bob.username.slice(0, -2)}`);
    await alice.page.getByRole('option', { name: bob.username }).waitFor();
    await input.press('Tab');
    expect(await alice.page.locator('#composer-hint').innerText()).to.equal('');
    await input.pressSequentially(`see you ${run}`);
    await input.press('Enter');
    await messageRow(alice.page, `see you ${run}`).waitFor();
    await messageRow(bob.page, `see you ${run}`).locator('.mention-me').waitFor();
    expect(await alice.page.locator('#conversation-title').innerText()).to.equal('Everyone');
  });

  it('closes the suggestions with Escape and then sends with Enter as usual', async () => {
    const input = alice.page.getByLabel('Message', { exact: true });
    await input.pressSequentially(`Bye @${bob.username.slice(0, -2)}`);
    const option = alice.page.getByRole('option', { name: bob.username });
    await option.waitFor();
    await input.press('Escape');
    await option.waitFor({ state: 'detached' });
    await input.press('Enter');
    await messageRow(alice.page, `Bye @${bob.username.slice(0, -2)}`).waitFor();
  });

  it('notifies a mention in a muted conversation, and nothing else said there', async () => {
    // A stand-in for the desktop Notification API that records what the page shows.
    // (A string: tsx's compiled functions refer to helpers the page does not have.)
    await bob.context.addInitScript({
      content: `
        window.shownNotifications = [];
        class RecordingNotification {
          static permission = 'granted';
          static requestPermission() { return Promise.resolve('granted'); }
          constructor(title) { window.shownNotifications.push(title); this.onclick = null; }
          close() {}
        }
        Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
      `,
    });
    await bob.page.reload();
    await bob.page.locator('#connection-state[data-state="connected"]').waitFor();
    const shown = () => bob.page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
    const alerts = bob.page.getByRole('button', { name: 'Alerts', exact: true });
    if ((await alerts.getAttribute('aria-pressed')) !== 'true') await alerts.click();
    await conversationEntry(bob.page, 'Everyone').click();
    await bob.page.getByRole('button', { name: 'Mute', exact: true }).click();
    expect(await bob.page.locator('#mute-toggle').getAttribute('aria-pressed')).to.equal('true');
    await conversationEntry(bob.page, alice.username).click();
    await bob.page.locator('#conversation-title', { hasText: alice.username }).waitFor();

    await sendMessage(alice.page, `Nothing for bob ${run}`);
    const everyone = conversationEntry(bob.page, 'Everyone');
    await everyone.locator('.badge', { hasText: '1' }).waitFor();
    expect(await shown()).to.deep.equal([]);

    const input = alice.page.getByLabel('Message', { exact: true });
    await input.pressSequentially(`Ping @${bob.username.slice(0, -2)}`);
    await input.press('Tab');
    await input.pressSequentially(`now ${run}`);
    await input.press('Enter');
    await everyone.locator('.mention-badge', { hasText: '@1' }).waitFor();
    expect(await shown()).to.deep.equal([`${alice.username} mentioned you in Everyone`]);
    expect(await bob.page.title()).to.equal('(2) Natter');

    await everyone.click();
    await bob.page.getByRole('button', { name: 'Mute', exact: true }).click();
  });
});
