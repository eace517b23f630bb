/**
 * The page's frame in real Chromium (issue 14): the "New messages ↓" button floats over the
 * timeline instead of taking a grid column (defect 3), and on a phone (360 × 740) the header is
 * one compact row and the sidebar drawer covers the page with a dimmed backdrop, closing on
 * Escape, on the backdrop and on choosing a conversation (defect 10); the conversation header
 * keeps Members and Mute on the title's row there, its line unwrapped; the account page names each
 * thing once and centres its buttons' words.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { logIn, uniqueName } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import {
  conversationEntry,
  describeInBrowser,
  screenshot,
  useBrowserStage,
  type Person,
  failOnPageErrors,
} from '../support/browser';

const PHONE = { width: 360, height: 740 };

/** The element painted at a point of the window: what a tap there reaches. */
function elementAt(page: Page, x: number, y: number): Promise<string> {
  return page.evaluate(
    ([px, py]) => {
      const element = document.elementFromPoint(px ?? 0, py ?? 0);
      return element ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${element.className}` : '';
    },
    [x, y],
  );
}

describeInBrowser('Chat page in Chromium: layout on desktop and phone', function () {
  this.timeout(90_000);
  let bobSocket: ClientSocket;
  after(() => bobSocket?.close()); // first, while the server is up
  const stage = useBrowserStage();
  let alice: Person;
  let bob: Person;

  before(async () => {
    alice = await stage.registered(uniqueName('alice'));
    bob = await stage.registered(uniqueName('bob'));
    const signedIn = await logIn(stage.app.url, { username: bob.username, password: bob.password });
    bobSocket = await connectAs(stage.app.url, signedIn.cookie);
  });

  failOnPageErrors(stage);

  it('floats "New messages ↓" over the timeline without narrowing the conversation', async () => {
    // Tall messages: the first page alone overflows the timeline, whatever the page size.
    const tall = (n: number) => [`Line ${n} of the story`, ...Array.from({ length: 7 }, (_, k) => `part ${k + 2}`)].join('\n');
    for (let n = 1; n <= 40; n++) await ok(bobSocket, 'chatMessage', { to: alice.username, text: tall(n) });
    const page = alice.page;
    await conversationEntry(page, bob.username).click();
    await page.locator('#message-list li.message', { hasText: 'Line 40 of the story' }).waitFor();
    const scroller = page.locator('#message-scroller');
    await scroller.evaluate((element) => (element.scrollTop = 0));
    await page.waitForFunction(() => {
      const element = document.getElementById('message-scroller');
      return element !== null && element.scrollHeight - element.scrollTop - element.clientHeight > 200;
    });
    const widths = () =>
      page.evaluate(() =>
        ['message-scroller', 'composer', 'conversation-title'].map(
          (id) => document.getElementById(id)?.getBoundingClientRect().width,
        ),
      );
    const before = await widths();

    await ok(bobSocket, 'chatMessage', { to: alice.username, text: 'And one more thing' });
    const button = page.getByRole('button', { name: 'New messages' });
    await button.waitFor();
    expect(await widths()).to.deep.equal(before);
    const box = await button.boundingBox();
    const area = await scroller.boundingBox();
    if (!box || !area) throw new Error('the button or the timeline has no box');
    expect(box.x).to.be.greaterThan(area.x);
    expect(box.x + box.width).to.be.lessThan(area.x + area.width);
    expect(box.y + box.height).to.be.at.most(area.y + area.height);
    await screenshot(page, '40-new-messages-button');

    await button.click();
    await button.waitFor({ state: 'hidden' });
  });

  it('shows the account page without a heading repeated as its label, and "Log out" centred in its button', async () => {
    const page = alice.page;
    await page.goto(`${stage.app.url}/account`);
    // No section's heading reads the same as a field's label inside it ("Nickname" twice).
    const repeated = await page.locator('.account section').evaluateAll((sections) =>
      sections.flatMap((section) => {
        const heading = section.querySelector('h2')?.textContent?.trim();
        return Array.from(section.querySelectorAll('label'))
          .map((label) => label.textContent?.trim())
          .filter((label) => label === heading);
      }),
    );
    expect(repeated, 'headings repeated as labels').to.deep.equal([]);
    await page.getByLabel('Nickname', { exact: true }).waitFor();

    // The capitals' band (cap height to baseline) sits in the middle of the button, to half a pixel.
    const offset = await page.getByRole('button', { name: 'Log out' }).evaluate((button) => {
      const style = getComputedStyle(button);
      const context = document.createElement('canvas').getContext('2d');
      const text = button.firstChild;
      if (!context || !text) return Number.NaN;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const metrics = context.measureText('L');
      const range = document.createRange();
      range.selectNodeContents(text);
      // A text fragment's box is the font's ascent over its descent: the baseline is an ascent below its top.
      const baseline = range.getBoundingClientRect().top + metrics.fontBoundingBoxAscent;
      const capTop = baseline - metrics.actualBoundingBoxAscent;
      const box = button.getBoundingClientRect();
      return (capTop + baseline) / 2 - (box.top + box.height / 2);
    });
    expect(Math.abs(offset), `"Log out" is ${offset.toFixed(2)} px off the middle`).to.be.at.most(0.5);
    await page.goto(`${stage.app.url}/io`);
  });

  it('sets the notification choices on the account page, the same ones as the chat’s Sound button', async () => {
    const page = alice.page;
    await page.goto(`${stage.app.url}/account`);
    const sound = page.getByLabel('Play a sound for new messages');
    expect(await sound.isChecked(), 'sound on by default').to.equal(true);
    await sound.uncheck();
    await page.getByText('New messages will arrive silently.').waitFor();
    await page.goto(`${stage.app.url}/io`);
    await page.locator('#sound-toggle[aria-pressed="false"]').waitFor();
    await page.locator('#sound-toggle').click();
    await page.goto(`${stage.app.url}/account`);
    expect(await page.getByLabel('Play a sound for new messages').isChecked(), 'the chat’s choice shows here').to.equal(true);
    await page.goto(`${stage.app.url}/io`);
  });

  describe('on a phone, 360 × 740', () => {
    let carol: Person;

    before(async () => {
      // Signed up on a wide window (the helper waits for the sidebar), then the phone's size.
      carol = await stage.registered(uniqueName('carol'));
      await carol.page.setViewportSize(PHONE);
    });

    it('keeps the header to one compact row', async () => {
      const header = await carol.page.locator('.app-header').evaluate((element) => {
        const boxes = Array.from(element.querySelectorAll('*'))
          .filter((child) => child.closest('[hidden]') === null && child.getClientRects().length > 0)
          .map((child) => child.getBoundingClientRect())
          .filter((box) => box.width > 0 && box.height > 0);
        return {
          height: element.getBoundingClientRect().height,
          overflows: element.scrollWidth > element.clientWidth,
          lowestTop: Math.max(...boxes.map((box) => box.top)),
          highestBottom: Math.min(...boxes.map((box) => box.bottom)),
        };
      });
      expect(header.overflows, 'header wider than the screen').to.equal(false);
      expect(header.height, 'header height').to.be.at.most(60);
      // Every visible part of the header shares one line: none starts below another's end.
      expect(header.lowestTop).to.be.lessThan(header.highestBottom);
      await screenshot(carol.page, '41-phone');
    });

    it('keeps the conversation header to one row: Members and Mute as named icons, the meta on one line', async () => {
      const page = carol.page;
      const room = `Design crit ${uniqueName('r').slice(-6)}`;
      await ok(bobSocket, 'createRoom', { name: room, members: [carol.username] });
      await page.getByRole('button', { name: 'Conversations and people' }).click();
      await conversationEntry(page, room).click();
      await page.locator('#conversation-title', { hasText: room }).waitFor();
      // The buttons keep their names; only the words are hidden from the eye.
      await page.getByRole('button', { name: 'Members 2', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Mute', exact: true }).waitFor();
      const oneRow = () =>
        page.locator('.conversation__header').evaluate((header) => {
          // No named functions in here: the test runner's transform would wrap them in a helper the page lacks.
          const title = header.querySelector('.conversation__title')?.getBoundingClientRect();
          const meta = header.querySelector<HTMLElement>('.conversation__meta');
          const buttons = ['#room-members-button', '#mute-toggle']
            .map((selector) => header.querySelector<HTMLElement>(selector))
            .filter((button) => button !== null && !button.hidden)
            .map((button) => button?.getBoundingClientRect());
          return {
            overflows: header.scrollWidth > header.clientWidth,
            // Each visible button sits beside the title, not on a row below it.
            beside: buttons.every((button) => title !== undefined && button !== undefined && button.top < title.bottom),
            metaLines: meta ? Math.round(meta.getBoundingClientRect().height / parseFloat(getComputedStyle(meta).lineHeight)) : 0,
          };
        });
      expect(await oneRow()).to.deep.equal({ overflows: false, beside: true, metaLines: 1 });
      await screenshot(page, '43-phone-room-header');

      // Everyone's line ("Everyone who has signed up · 3 online") stays on one line too.
      await page.getByRole('button', { name: 'Conversations and people' }).click();
      await conversationEntry(page, 'Everyone').click();
      await page.locator('#conversation-title', { hasText: 'Everyone' }).waitFor();
      expect(await oneRow()).to.deep.equal({ overflows: false, beside: true, metaLines: 1 });
    });

    it('covers the page with the drawer over a dimmed backdrop, closed by Escape, the backdrop or a choice', async () => {
      const page = carol.page;
      const toggle = page.getByRole('button', { name: 'Conversations and people' });
      const sidebar = page.locator('#sidebar');
      const backdrop = page.locator('.drawer-backdrop');

      await toggle.click();
      await sidebar.waitFor({ state: 'visible' });
      await backdrop.waitFor({ state: 'visible' });
      // Beside the drawer, a tap reaches the backdrop, not the conversation below it.
      expect(await elementAt(page, PHONE.width - 10, PHONE.height / 2)).to.include('drawer-backdrop');
      expect(await page.evaluate(() => document.getElementById('main')?.inert)).to.equal(true);
      await screenshot(page, '42-phone-drawer');

      await page.keyboard.press('Escape');
      await sidebar.waitFor({ state: 'hidden' });
      await backdrop.waitFor({ state: 'hidden' });
      expect(await toggle.evaluate((element) => element === document.activeElement)).to.equal(true);

      await toggle.click();
      await sidebar.waitFor({ state: 'visible' });
      await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
      await sidebar.waitFor({ state: 'hidden' });

      await toggle.click();
      await conversationEntry(page, 'Everyone').click();
      await sidebar.waitFor({ state: 'hidden' });
      await backdrop.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => document.getElementById('main')?.inert)).to.equal(false);
    });

    it('leaves the drawer open when the page opens its first conversation after it', async () => {
      const page = carol.page;
      // The connection is held until the drawer is open: the first conversation opens after it.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/socket.io/**', async (route) => {
        await held;
        await route.continue();
      });
      await page.reload();
      await page.locator('#connection-state[data-state="connecting"]').waitFor({ state: 'attached' });
      await page.getByRole('button', { name: 'Conversations and people' }).click();
      await page.locator('#sidebar').waitFor({ state: 'visible' });
      release();
      await page.locator('#connection-state[data-state="connected"]').waitFor({ state: 'attached' });
      await page.locator('#conversation-title', { hasText: 'Everyone' }).waitFor();
      await page.locator('#message-list').waitFor({ state: 'attached' });
      await page.unroute('**/socket.io/**');
      // Its state, not its look: a closing drawer is still visible while it slides away.
      const toggle = page.getByRole('button', { name: 'Conversations and people' });
      expect(await toggle.getAttribute('aria-expanded'), 'the drawer closed by itself').to.equal('true');
      await conversationEntry(page, 'Everyone').click();
      await page.locator('#sidebar').waitFor({ state: 'hidden' });
    });

    it('keeps the message box placeholder on one line, however long the conversation name', async () => {
      const input = carol.page.getByLabel('Message', { exact: true });
      const box = await input.boundingBox();
      expect(box, 'message box on screen').to.not.equal(null);
      if (!box) return;
      // Below the first line the empty box shows nothing: a wrapped placeholder would show there.
      const firstLine = await input.evaluate((element) => {
        const style = getComputedStyle(element);
        return parseFloat(style.paddingTop) + parseFloat(style.lineHeight);
      });
      const belowFirstLine = async (placeholder: string) => {
        await input.evaluate((element, text) => element.setAttribute('placeholder', text), placeholder);
        const clip = { x: box.x, y: box.y + firstLine, width: box.width, height: box.height - firstLine };
        return carol.page.screenshot({ clip });
      };
      // What "Message # <a long room name>" reads in a room named so.
      const long = await belowFirstLine('Message # Planning the summer party at the lake');
      const empty = await belowFirstLine('');
      expect(long.equals(empty), 'the placeholder wraps to a second, half-hidden line').to.equal(true);
      await input.evaluate((element) => element.setAttribute('placeholder', 'Message Everyone'));
    });

    it('keeps the header actions behind a menu that Escape closes', async () => {
      const page = carol.page;
      const menu = page.getByRole('button', { name: 'Menu' });
      const logout = page.getByRole('button', { name: 'Log out' });
      expect(await logout.isVisible()).to.equal(false);
      await menu.click();
      await logout.waitFor({ state: 'visible' });
      // Each item's words start at its left, as in a menu: none is centred in the full-width button.
      const indents = await page.locator('.app-header__actions').evaluate((menuBox) =>
        Array.from(menuBox.querySelectorAll<HTMLElement>('a, button'))
          .filter((item) => item.getClientRects().length > 0)
          .map((item) => {
            const range = document.createRange();
            range.selectNodeContents(item);
            const words = Array.from(range.getClientRects()).filter((box) => box.width > 0);
            return {
              item: item.innerText.trim(),
              indent: Math.min(...words.map((box) => box.left)) - item.getBoundingClientRect().left,
            };
          }),
      );
      expect(indents.length, 'menu items').to.be.at.least(4);
      for (const { item, indent } of indents) expect(indent, `${item}'s words start that far in`).to.be.below(40);
      await page.keyboard.press('Escape');
      await logout.waitFor({ state: 'hidden' });
      expect(await menu.evaluate((element) => element === document.activeElement)).to.equal(true);
    });
  });
});
