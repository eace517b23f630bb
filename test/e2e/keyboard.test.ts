/**
 * The chat page by keyboard and screen reader in real Chromium (issue 14, defect 11 and the
 * accessibility section): focus starts in the composer, skip links come first, Ctrl+K (⌘K) opens
 * a quick switcher, Alt+Up/Down move between conversations, Escape closes what is open, dialogs
 * keep focus inside and give it back, and incoming messages are announced through one polite
 * live region, a burst as one announcement.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import {
  conversationEntry,
  describeInBrowser,
  screenshot,
  sendMessage,
  useBrowserStage,
  waitUntilOnline,
  type Person,
  failOnPageErrors,
} from '../support/browser';
import { eventually } from '../support/waiting';

/** The id, or else the text, of the focused element. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '';
    return element.id || (element.textContent ?? '').trim();
  });
}

describeInBrowser('Chat page in Chromium: keyboard and screen readers', function () {
  this.timeout(90_000);
  let bobSocket: ClientSocket;
  let carolSocket: ClientSocket;
  after(() => {
    bobSocket?.close(); // first, while the server is up
    carolSocket?.close();
  });
  const stage = useBrowserStage();
  let alice: Person;
  let bob: SignedIn;
  let roomName: string;

  before(async () => {
    bob = await signUp(stage.app.url, { username: uniqueName('bob') });
    const carol = await signUp(stage.app.url, { username: uniqueName('carol') });
    bobSocket = await connectAs(stage.app.url, bob.cookie);
    carolSocket = await connectAs(stage.app.url, carol.cookie);
    roomName = `Gardening ${uniqueName('club')}`;
    await ok(carolSocket, 'createRoom', { name: roomName });
    alice = await stage.registered(uniqueName('alice'));
  });

  failOnPageErrors(stage);

  it('starts with the focus in the composer, and skip links first in the Tab order', async () => {
    const page = alice.page;
    expect(await focused(page)).to.equal('message-input');
    await page.reload();
    await waitUntilOnline(page);
    expect(await focused(page)).to.equal('message-input');

    // From the top of the page, the first Tab stops are the skip links.
    const firstStops = await page.evaluate(() => {
      const tabbable = Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, textarea, select, [tabindex]'));
      return tabbable
        .filter((element) => element.tabIndex >= 0 && !element.closest('[hidden], dialog, [inert]'))
        .slice(0, 3)
        .map((element) => (element.matches('.skip-link') ? element.textContent : `not a skip link: ${element.outerHTML}`));
    });
    expect(firstStops).to.include('Skip to messages');
    expect(firstStops).to.include('Skip to conversations');

    await page.getByRole('link', { name: 'Skip to conversations' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.closest('#channel-list') !== null)).to.equal(true);
    await page.getByRole('link', { name: 'Skip to messages' }).focus();
    await page.keyboard.press('Enter');
    expect(await focused(page)).to.equal('message-scroller');
  });

  it('opens a quick switcher on Ctrl+K that finds people and rooms by name, and Escape closes it', async () => {
    const page = alice.page;
    const switcher = page.getByRole('dialog', { name: 'Go to a conversation' });
    const field = switcher.getByRole('combobox');
    await page.getByLabel('Message', { exact: true }).focus();

    await page.keyboard.press('Control+k');
    await switcher.waitFor();
    expect(await field.evaluate((element) => element === document.activeElement)).to.equal(true);
    await page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'hidden' });
    expect(await focused(page)).to.equal('message-input');

    // A person, by part of the name: Enter opens the conversation with them.
    await page.keyboard.press('Meta+k');
    await switcher.waitFor();
    await field.fill(bob.username.slice(0, -3));
    await switcher.getByRole('option', { name: new RegExp(bob.username) }).waitFor();
    await page.keyboard.press('Enter');
    await switcher.waitFor({ state: 'hidden' });
    await page.locator('#conversation-title', { hasText: bob.username }).waitFor();
    expect(await focused(page)).to.equal('message-input');

    // A public room alice is not in: arrow keys reach it, Enter joins and opens it.
    await page.keyboard.press('Control+k');
    await field.fill(roomName.split(' ')[1] ?? '');
    const roomOption = switcher.getByRole('option', { name: new RegExp(roomName) });
    await roomOption.waitFor();
    await screenshot(page, '43-quick-switcher');
    const options = await switcher.getByRole('option').count();
    for (let n = 0; n < options && (await roomOption.getAttribute('aria-selected')) !== 'true'; n++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await roomOption.getAttribute('aria-selected')).to.equal('true');
    await page.keyboard.press('Enter');
    await page.locator('#conversation-title', { hasText: roomName }).waitFor();
  });

  it('keeps Search messages on Ctrl+Shift+F and /', async () => {
    const page = alice.page;
    const search = page.getByRole('searchbox', { name: 'Search messages' });
    await page.keyboard.press('Control+Shift+F');
    expect(await search.evaluate((element) => element === document.activeElement)).to.equal(true);
    await page.locator('#message-scroller').focus();
    await page.keyboard.press('/');
    expect(await search.evaluate((element) => element === document.activeElement)).to.equal(true);
  });

  it('moves between conversations with Alt+Up and Alt+Down, in the order of the list', async () => {
    const page = alice.page;
    await conversationEntry(page, 'Everyone').click();
    const titles = await page.locator('#channel-list .channel-name').allInnerTexts();
    expect(titles.length).to.be.at.least(3);
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('#conversation-title', { hasText: titles[1] }).waitFor();
    // A message of her own here (the newest, so the order stays): Up alone in the empty composer
    // would edit it; Alt+Up still moves.
    await sendMessage(page, 'Back in a minute');
    await page.locator('#message-list li.message[data-id]', { hasText: 'Back in a minute' }).waitFor();
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('#conversation-title', { hasText: titles[2] }).waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('#conversation-title', { hasText: titles[1] }).waitFor();
    expect(await focused(page)).to.equal('message-input');
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('#conversation-title', { hasText: titles[0] }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Edit message' }).count(), 'an editor opened').to.equal(0);
    expect(await focused(page)).to.equal('message-input');
    // From a message in the list too: Alt+Down is not taken as a move to the next message.
    await conversationEntry(page, titles[1] ?? '').click();
    const row = page.locator('#message-list li.message[data-id]', { hasText: 'Back in a minute' });
    await row.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('#conversation-title', { hasText: titles[2] }).waitFor();
  });

  it('keeps the focus inside a dialog while it is open, and gives it back on close', async () => {
    const page = alice.page;
    const opener = page.getByRole('button', { name: 'New room' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New room' });
    await dialog.waitFor();
    const inside = () => page.evaluate(() => document.activeElement?.closest('dialog')?.id ?? '');
    for (let n = 0; n < 12; n++) {
      await page.keyboard.press('Tab');
      expect(await inside(), `after ${n + 1} Tab`).to.equal('create-room-dialog');
    }
    for (let n = 0; n < 12; n++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inside(), `after ${n + 1} Shift+Tab`).to.equal('create-room-dialog');
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await opener.evaluate((element) => element === document.activeElement)).to.equal(true);

    // The quick switcher too.
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: 'Go to a conversation' });
    await switcher.waitFor();
    for (let n = 0; n < 4; n++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).to.equal(true);
    }
    await page.keyboard.press('Escape');
    expect(await opener.evaluate((element) => element === document.activeElement)).to.equal(true);
  });

  it('announces incoming messages through one polite live region, a burst at once', async () => {
    const page = alice.page;
    await conversationEntry(page, 'Everyone').click();
    await page.evaluate(() => {
      const log: string[] = [];
      (window as unknown as { announced: string[] }).announced = log;
      new MutationObserver((records) => {
        for (const record of records) {
          const region = (record.target instanceof Element ? record.target : record.target.parentElement)?.closest(
            '[aria-live], [role="log"], [role="status"], [role="alert"]',
          );
          if (region?.textContent) log.push(region.textContent);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const announced = () => page.evaluate(() => (window as unknown as { announced: string[] }).announced);

    await ok(bobSocket, 'chatMessage', { to: null, text: 'Lunch at noon?' });
    await eventually(announced, (log) => log.some((text) => text.includes('Lunch at noon?')), {
      what: 'the message announced',
    });
    const regions = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[aria-live], [role="log"], [role="status"], [role="alert"]'))
        .filter((region) => region.textContent?.includes('Lunch at noon?'))
        .map((region) => ({ id: region.id, live: region.getAttribute('aria-live') })),
    );
    expect(regions).to.have.length(1);
    expect(regions[0]?.live).to.equal('polite');
    const region = page.locator(`#${regions[0]?.id ?? 'none'}`);
    expect(await region.innerText()).to.include(bob.username);

    // The user's own message is not read back to them.
    await sendMessage(page, 'My own words');
    await page.locator('#message-list li.message:not(.outgoing)', { hasText: 'My own words' }).waitFor();

    const before = (await announced()).length;
    for (let n = 1; n <= 8; n++) await ok(bobSocket, 'chatMessage', { to: null, text: `Burst ${n}` });
    await page.locator('#message-list li.message', { hasText: 'Burst 8' }).waitFor();
    await eventually(
      () => region.innerText(),
      (text) => /\d+ new messages/.test(text),
      { what: 'the burst announced as one' },
    );
    const log = await announced();
    expect(log.join('\n')).to.not.include('My own words');
    const bursts = log.slice(before).filter((text) => text.includes('Burst') || text.includes('new messages'));
    expect(bursts.length, `announcements: ${JSON.stringify(bursts)}`).to.be.lessThan(3);
  });
});
