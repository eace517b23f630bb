/**
 * Message actions in real Chromium, found the way a screen reader user (and the acceptance checks)
 * find them: by role and name. Two people in a direct conversation edit, delete, reply, jump to a
 * quoted message in older history and see `Seen`. The steps build on each other.
 */
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

/** The stored message (not an outgoing one) whose own text (not a quote) contains `text`. */
function messageRow(page: Page, text: string) {
  return page.locator('#message-list li.message[data-id]').filter({ has: page.locator('.message-body', { hasText: text }) });
}

describeInBrowser('Message actions in Chromium', function () {
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
    await alice.page.locator(`#user-list [data-username="${bob.username}"]`).click();
    await alice.page.locator('#conversation-title', { hasText: bob.username }).waitFor();
    await sendMessage(alice.page, 'Hello from alice');
    await messageRow(alice.page, 'Hello from alice').waitFor();
    await conversationEntry(bob.page, alice.username).click();
    await messageRow(bob.page, 'Hello from alice').waitFor();
  });

  after(async () => {
    await closeAll(people);
    await browser?.close();
    await app?.stop();
  });

  afterEach(function () {
    for (const person of people) expect(person.errors, `${person.username}'s page errors`).to.deep.equal([]);
  });

  it('offers Reply and React on every message, Edit and Delete on your own only', async () => {
    const own = messageRow(alice.page, 'Hello from alice');
    await own.hover();
    for (const name of ['Reply', 'React', 'Edit', 'Delete']) {
      expect(await own.getByRole('button', { name, exact: true }).count(), name).to.equal(1);
    }
    const theirs = messageRow(bob.page, 'Hello from alice');
    expect(await theirs.getByRole('button', { name: 'Reply', exact: true }).count()).to.equal(1);
    expect(await theirs.getByRole('button', { name: 'React', exact: true }).count()).to.equal(1);
    expect(await theirs.getByRole('button', { name: 'Edit', exact: true }).count()).to.equal(0);
    expect(await theirs.getByRole('button', { name: 'Delete', exact: true }).count()).to.equal(0);
  });

  it('React opens the emoji picker beside the message, and Escape closes it', async () => {
    const row = messageRow(bob.page, 'Hello from alice');
    await row.hover();
    await row.getByRole('button', { name: 'React', exact: true }).click();
    const picker = bob.page.getByRole('dialog', { name: 'Choose a reaction' });
    await picker.waitFor();
    await bob.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await bob.page.locator('#composer-status.error').count()).to.equal(0);
  });

  it('edits in place: Enter saves, the other person sees the text and (edited) with its time', async () => {
    const row = messageRow(alice.page, 'Hello from alice');
    await row.hover();
    await row.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
    await expect(await editor.evaluate((element) => element === document.activeElement)).to.equal(true);
    await editor.fill('Hello again from alice');
    await editor.press('Enter');
    await editor.waitFor({ state: 'detached' });
    const bobsRow = messageRow(bob.page, 'Hello again from alice');
    await bobsRow.getByText('(edited)').waitFor();
    expect(await bobsRow.locator('.message-edited').getAttribute('title')).to.match(/^Edited /);
    await screenshot(bob.page, 'actions-01-edited');
  });

  it('edits the last message with Up-arrow in an empty composer, and Escape cancels', async () => {
    const input = alice.page.getByLabel('Message', { exact: true });
    await input.click();
    await input.press('ArrowUp');
    const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    expect(await editor.inputValue()).to.equal('Hello again from alice');
    await editor.fill('This change is abandoned');
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await alice.page.locator('#message-list').innerText()).to.not.include('abandoned');
    expect(await input.evaluate((element) => element === document.activeElement)).to.equal(true);

    await input.press('ArrowUp');
    await editor.fill('Edited with the keyboard');
    await editor.press('Enter');
    await messageRow(bob.page, 'Edited with the keyboard').waitFor();
  });

  it('moves between messages with the arrow keys and opens actions with Enter', async () => {
    await sendMessage(bob.page, 'A second message');
    await messageRow(alice.page, 'A second message').waitFor();
    const last = messageRow(alice.page, 'A second message');
    await last.focus();
    await alice.page.keyboard.press('ArrowUp');
    const first = messageRow(alice.page, 'Edited with the keyboard');
    expect(await first.evaluate((element) => element === document.activeElement)).to.equal(true);
    await alice.page.keyboard.press('Enter');
    const reply = first.getByRole('button', { name: 'Reply', exact: true });
    expect(await reply.evaluate((element) => element === document.activeElement)).to.equal(true);
    expect(await first.locator('.message-actions').evaluate((element) => getComputedStyle(element).opacity)).to.equal('1');
    await alice.page.keyboard.press('ArrowRight');
    const react = first.getByRole('button', { name: 'React', exact: true });
    expect(await react.evaluate((element) => element === document.activeElement)).to.equal(true);
    await alice.page.keyboard.press('Escape');
    expect(await first.evaluate((element) => element === document.activeElement)).to.equal(true);
  });

  it('deletes after confirmation: the other person sees the tombstone', async () => {
    await sendMessage(alice.page, 'Oops, wrong conversation');
    await messageRow(bob.page, 'Oops, wrong conversation').waitFor();
    const id = await messageRow(alice.page, 'Oops, wrong conversation').getAttribute('data-id');
    const row = alice.page.locator(`#message-list li[data-id="${id}"]`);
    await row.hover();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Delete this message?' });
    await dialog.waitFor();
    // The message is quoted as written, not turned into capitals like a section label.
    expect(await dialog.locator('#delete-message-preview').innerText()).to.equal('Oops, wrong conversation');
    // Cancel first: nothing changes.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.hover();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    await bob.page.locator('#message-list').getByText('This message was deleted', { exact: true }).waitFor();
    expect(await bob.page.locator('#message-list').innerText()).to.not.include('wrong conversation');
    const tombstone = messageRow(bob.page, 'This message was deleted');
    expect(await tombstone.getByRole('button').count()).to.equal(0);
    await alice.page.locator('#message-list').getByText('This message was deleted', { exact: true }).waitFor();
    // The sidebar previews the last message as the tombstone, not as nothing.
    const preview = conversationEntry(bob.page, alice.username).locator('.channel-preview');
    expect(await preview.innerText()).to.equal('This message was deleted');
    await screenshot(bob.page, 'actions-02-deleted');
    expect(await row.evaluate((element) => element === document.activeElement)).to.equal(true);
  });

  it('replies with a quote; the quote brings an original from older history into view', async () => {
    await sendMessage(alice.page, 'The original question\nwith a second line');
    await messageRow(bob.page, 'The original question').waitFor();
    // More than a page of history (50) after it.
    for (let index = 1; index <= 55; index++) await sendMessage(alice.page, `Filler ${index}`);
    await messageRow(bob.page, 'Filler 55').waitFor();

    const original = messageRow(bob.page, 'The original question');
    await original.hover();
    await original.getByRole('button', { name: 'Reply', exact: true }).click();
    await bob.page.locator('#reply-bar', { hasText: `Replying to ${alice.username}: The original question` }).waitFor();
    const input = bob.page.getByLabel('Message', { exact: true });
    expect(await input.evaluate((element) => element === document.activeElement)).to.equal(true);
    await screenshot(bob.page, 'actions-03-replying');
    await input.fill('Here is my answer');
    await input.press('Enter');
    await bob.page.locator('#reply-bar').waitFor({ state: 'hidden' });
    const answer = messageRow(alice.page, 'Here is my answer');
    await answer.waitFor();
    const quote = answer.getByRole('button', { name: `${alice.username} The original question` });
    expect(await quote.innerText()).to.not.include('second line');

    // A fresh page holds only the latest page of history: the original is older.
    await alice.page.reload();
    await conversationEntry(alice.page, bob.username).click();
    await messageRow(alice.page, 'Here is my answer').waitFor();
    expect(await messageRow(alice.page, 'The original question').count()).to.equal(0);
    await messageRow(alice.page, 'Here is my answer')
      .getByRole('button', { name: `${alice.username} The original question` })
      .click();
    const found = messageRow(alice.page, 'The original question');
    await found.and(alice.page.locator('.message--highlighted[aria-current="true"]')).waitFor();
    expect(await found.isVisible()).to.equal(true);
    expect(await found.evaluate((element) => element === document.activeElement)).to.equal(true);
    const inView = await found.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const scroller = document.getElementById('message-scroller')?.getBoundingClientRect();
      return scroller !== undefined && box.top >= scroller.top && box.bottom <= scroller.bottom;
    });
    expect(inView).to.equal(true);
    await screenshot(alice.page, 'actions-04-jumped');
  });

  it('cancels a reply with Escape', async () => {
    const row = messageRow(bob.page, 'Filler 40');
    await row.hover();
    await row.getByRole('button', { name: 'Reply', exact: true }).click();
    await bob.page.locator('#reply-bar').waitFor({ state: 'visible' });
    await bob.page.getByLabel('Message', { exact: true }).press('Escape');
    await bob.page.locator('#reply-bar').waitFor({ state: 'hidden' });
  });

  it('shows a quote of an original deleted since as "This message was deleted"', async () => {
    const original = messageRow(alice.page, 'The original question');
    await original.hover();
    await original.getByRole('button', { name: 'Delete', exact: true }).click();
    await alice.page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    const answer = messageRow(bob.page, 'Here is my answer');
    await answer.getByRole('button', { name: `${alice.username} This message was deleted` }).waitFor();
  });

  it('marks Seen under the last message of yours the other person has read', async () => {
    // Bob looks elsewhere, alice writes, and nothing is seen yet.
    await conversationEntry(bob.page, 'Everyone').click();
    await sendMessage(alice.page, 'Are you there?');
    const asked = messageRow(alice.page, 'Are you there?');
    await asked.waitFor();
    await conversationEntry(bob.page, alice.username).locator('.badge').waitFor();
    expect(await asked.getByText('Seen', { exact: true }).isVisible()).to.equal(false);

    await conversationEntry(bob.page, alice.username).click();
    await messageRow(bob.page, 'Are you there?').waitFor();
    await asked.getByText('Seen', { exact: true }).waitFor();
    expect(await alice.page.getByText('Seen', { exact: true }).count()).to.equal(1);

    // A fresh page knows it from the conversation's readUpTo.
    await alice.page.reload();
    await conversationEntry(alice.page, bob.username).click();
    await messageRow(alice.page, 'Are you there?').getByText('Seen', { exact: true }).waitFor();
    await screenshot(alice.page, 'actions-05-seen');
  });
});
