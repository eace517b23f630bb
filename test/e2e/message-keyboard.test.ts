/**
 * The message list by keyboard, beyond the basics of message-actions.test.ts: where Tab enters the
 * list as messages arrive, and Escape in every part of the in-place editor.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import {
  conversationEntry,
  describeInBrowser,
  sendMessage,
  useBrowserStage,
  type Person,
  failOnPageErrors,
} from '../support/browser';

/** The stored message whose own text contains `text`. */
function messageRow(page: Page, text: string) {
  return page.locator('#message-list li.message[data-id]').filter({ has: page.locator('.message-body', { hasText: text }) });
}

/** The text of the message holding the focus, if the focus is in one. */
function focusedMessage(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () => document.activeElement?.closest('li[data-id]')?.querySelector('.message-body')?.textContent ?? undefined,
  );
}

/** Shift+Tab from the composer until the focus enters the message list: the message it lands in. */
async function tabBackIntoList(page: Page): Promise<string | undefined> {
  await page.getByLabel('Message', { exact: true }).focus();
  for (let step = 0; step < 8; step++) {
    await page.keyboard.press('Shift+Tab');
    const text = await focusedMessage(page);
    if (text !== undefined) return text;
  }
  return undefined;
}

describeInBrowser('The message list by keyboard in Chromium', function () {
  this.timeout(60_000);
  const stage = useBrowserStage();
  let alice: Person;
  let bob: Person;

  before(async () => {
    [alice, bob] = await stage.registeredPair(['alice', 'bob']);
    await alice.page.locator(`#user-list [data-username="${bob.username}"]`).click();
    await alice.page.locator('#conversation-title', { hasText: bob.username }).waitFor();
    await sendMessage(alice.page, 'first from alice');
    await messageRow(alice.page, 'first from alice').waitFor();
    await conversationEntry(bob.page, alice.username).click();
    await messageRow(bob.page, 'first from alice').waitFor();
  });

  failOnPageErrors(stage);

  it('enters the list at the newest message as messages arrive, until the reader picks one', async () => {
    await sendMessage(bob.page, 'second from bob');
    await sendMessage(bob.page, 'third from bob');
    await messageRow(alice.page, 'third from bob').waitFor();
    expect(await tabBackIntoList(alice.page)).to.equal('third from bob');

    await messageRow(alice.page, 'third from bob').focus();
    await alice.page.keyboard.press('ArrowUp');
    expect(await focusedMessage(alice.page)).to.equal('second from bob');
    await sendMessage(bob.page, 'fourth from bob');
    await messageRow(alice.page, 'fourth from bob').waitFor();
    expect(await tabBackIntoList(alice.page)).to.equal('second from bob');
  });

  it('cancels an edit with Escape from the editor’s buttons too, the focus back where it was', async () => {
    const input = alice.page.getByLabel('Message', { exact: true });
    await input.focus();
    await input.press('ArrowUp');
    const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('abandoned change');
    await alice.page.keyboard.press('Tab');
    expect(await alice.page.evaluate(() => document.activeElement?.textContent)).to.equal('Save');
    await alice.page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached', timeout: 5000 });
    expect(await messageRow(alice.page, 'first from alice').count()).to.equal(1);
    expect(await alice.page.locator('#message-list').innerText()).not.to.include('abandoned');
    expect(await input.evaluate((element) => element === document.activeElement)).to.equal(true);
  });
});
