/**
 * Message search in real Chromium: the `Search messages` field (Ctrl+Shift+F), the hint for a query too
 * short, results grouped by conversation with the matched word marked, and opening a result deep
 * in history: the message is shown highlighted, and scrolling down loads the newer pages up to
 * the latest message.
 */
import { expect } from 'chai';
import { logIn, uniqueName } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import { describeInBrowser, screenshot, shownMessages, useBrowserStage, type Person } from '../support/browser';
import { eventually } from '../support/waiting';

describeInBrowser('Chat page in Chromium: message search', function () {
  this.timeout(90_000);
  let dana: Person;
  let erin: Person;
  let erinSocket: ClientSocket;
  after(() => erinSocket?.close()); // first, while the server is up
  const stage = useBrowserStage();

  before(async () => {
    dana = await stage.registered(uniqueName('dana'));
    erin = await stage.registered(uniqueName('erin'));
    const signedIn = await logIn(stage.app.url, { username: erin.username, password: erin.password });
    erinSocket = await connectAs(stage.app.url, signedIn.cookie);
  });

  it('finds a word in old history and opens the conversation there, newer pages loading below', async () => {
    await ok(erinSocket, 'chatMessage', { to: dana.username, text: 'The Zebrafish migration starts on Friday' });
    for (let n = 1; n <= 70; n++) await ok(erinSocket, 'chatMessage', { to: dana.username, text: `Filler line ${n}` });
    const page = dana.page;

    await page.locator('body').press('Control+Shift+F');
    const field = page.getByRole('searchbox', { name: 'Search messages' });
    expect(await field.evaluate((element) => element === document.activeElement)).to.equal(true);
    await field.fill('ze');
    await page.locator('.message-search__status', { hasText: 'Type at least 3 letters' }).waitFor();

    await field.fill('zebra fri');
    const result = page.locator('.message-search__result', { hasText: 'migration' });
    await result.waitFor();
    expect(await result.locator('mark').allInnerTexts()).to.deep.equal(['Zebra', 'Fri']);
    expect(await page.locator('.message-search__channel').allInnerTexts()).to.deep.equal([erin.username]);
    await screenshot(page, '20-search-results');

    await result.click();
    const target = page.locator('#message-list li.message', { hasText: 'The Zebrafish migration' });
    await target.waitFor();
    // Highlighted for a moment (class and aria-current together), centred and focused.
    await eventually(
      () =>
        target.evaluate((element) => ({
          highlighted: element.classList.contains('message--highlighted'),
          current: element.getAttribute('aria-current'),
          focused: element === document.activeElement,
        })),
      (row) => row.highlighted && row.current === 'true' && row.focused,
      { what: 'the message highlighted, aria-current and focused' },
    );
    expect(await target.isVisible()).to.equal(true);
    const inView = await target.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const scroller = document.getElementById('message-scroller')?.getBoundingClientRect();
      return scroller !== undefined && box.top >= scroller.top && box.bottom <= scroller.bottom;
    });
    expect(inView).to.equal(true);
    expect(await shownMessages(page)).to.not.include('Filler line 70');
    await page.getByRole('button', { name: 'Load newer messages' }).waitFor();
    await screenshot(page, '21-search-opened');
    // The highlight is brief: it goes, and so does aria-current; the message stays in view.
    await page.locator('#message-list .message--highlighted').waitFor({ state: 'detached' });
    expect(await target.getAttribute('aria-current')).to.equal(null);

    // Scrolling down loads newer pages until the latest message.
    await eventually(
      async () => {
        await page.locator('#message-scroller').hover();
        await page.mouse.wheel(0, 2000);
        return shownMessages(page);
      },
      (texts) => texts.includes('Filler line 70'),
      { what: 'the latest message after scrolling down', timeoutMs: 20_000 },
    );
    await page.getByRole('button', { name: 'Load newer messages' }).waitFor({ state: 'hidden' });
    const texts = await shownMessages(page);
    const expected = [
      'The Zebrafish migration starts on Friday',
      ...Array.from({ length: 70 }, (_, i) => `Filler line ${i + 1}`),
    ];
    expect(texts.slice(texts.indexOf(expected[0]!))).to.deep.equal(expected);

    // Live again: a new message appears at the end.
    await ok(erinSocket, 'chatMessage', { to: dana.username, text: 'After the jump' });
    await page.locator('#message-list li.message', { hasText: 'After the jump' }).waitFor();
    expect(dana.errors).to.deep.equal([]);
  });

  it('pages with "More results", newest first, and clears on Escape', async () => {
    const page = dana.page;
    const field = page.getByRole('searchbox', { name: 'Search messages' });
    await field.fill('filler');
    const results = page.locator('.message-search__result');
    await eventually(
      () => results.count(),
      (count) => count === 20,
      { what: 'the first 20 results' },
    );
    expect(await results.first().innerText()).to.contain('Filler line 70');
    await page.getByRole('button', { name: 'More results' }).click();
    await eventually(
      () => results.count(),
      (count) => count === 40,
      { what: '40 results' },
    );
    expect(await results.nth(39).innerText()).to.contain('Filler line 31');
    await field.press('Escape');
    await eventually(
      () => results.count(),
      (count) => count === 0,
      { what: 'no results' },
    );
  });

  it('shows a result as the text people read, without the markup around it', async () => {
    await ok(erinSocket, 'chatMessage', { to: dana.username, text: 'Moving the *design review* to ~~Monday~~ `Tuesday`' });
    const page = dana.page;
    const field = page.getByRole('searchbox', { name: 'Search messages' });
    await field.fill('design');
    const result = page.locator('.message-search__result', { hasText: 'review' });
    await result.waitFor();
    expect(await result.locator('.message-search__text').innerText()).to.equal('Moving the design review to Monday Tuesday');
    expect(await result.locator('mark').allInnerTexts()).to.deep.equal(['design']);
  });
});
