/**
 * Long conversations and hostile text in real Chromium: scrolling up pages in older history in
 * order without moving what is being read, and markup tricks that must stay inert text.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { parseMessage, plainText } from '../../src/client/format/parse';
import type { Message } from '../../src/shared';
import { logIn, uniqueName } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import { type TestApp } from '../support/test-app';
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
import { XSS_VECTORS } from './xss-vectors';

const ALLOWED_TAGS = new Set(['LI', 'DIV', 'SPAN', 'TIME', 'P', 'BR', 'STRONG', 'EM', 'CODE', 'PRE', 'A', 'BUTTON']);

/** Rendered text has no separators between blocks and lines; compare without them. */
function visibleText(text: string): string {
  return plainText(parseMessage(text.trim())).replace(/\n/g, '');
}

/** The texts after `marker`; none while it has not arrived. Everyone keeps earlier runs' messages. */
function textsAfter(texts: string[], marker: string): string[] {
  const index = texts.indexOf(marker);
  return index < 0 ? [] : texts.slice(index + 1);
}

async function scrollerTop(page: Page): Promise<number> {
  return page.locator('#message-scroller').evaluate((element) => element.scrollTop);
}

/** Where the message with this text sits, relative to the top of the scroller. */
async function offsetOf(page: Page, text: string): Promise<number> {
  return page.locator('#message-list li.message', { hasText: text }).evaluate((element) => {
    const scroller = document.getElementById('message-scroller');
    return element.getBoundingClientRect().top - (scroller?.getBoundingClientRect().top ?? 0);
  });
}

/** Holds the server's history answers until released, so the page can be seen while it waits. */
function holdHistory(app: TestApp): { release(): void } {
  const history = app.engine.history.bind(app.engine);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  app.engine.history = async (...args) => {
    await released;
    return history(...args);
  };
  return {
    release() {
      app.engine.history = history;
      release();
    },
  };
}

describeInBrowser('Chat page in Chromium: history and hostile text', function () {
  this.timeout(90_000);
  let dana: Person;
  let erin: Person;
  let erinSocket: ClientSocket;
  let danaSocket: ClientSocket;
  after(() => [erinSocket, danaSocket].forEach((socket) => socket?.close())); // first, while the server is up
  const stage = useBrowserStage();

  before(async () => {
    dana = await stage.registered(uniqueName('dana'));
    erin = await stage.registered(uniqueName('erin'));
    const signedIn = await logIn(stage.app.url, { username: erin.username, password: erin.password });
    erinSocket = await connectAs(stage.app.url, signedIn.cookie);
    const danaSignedIn = await logIn(stage.app.url, { username: dana.username, password: dana.password });
    danaSocket = await connectAs(stage.app.url, danaSignedIn.cookie);
  });

  it('opens a read conversation at its latest 50 and loads older pages of 50 in order while scrolling up', async () => {
    let last: Message | undefined;
    for (let n = 1; n <= 120; n++) {
      last = (await ok<{ message: Message }>(erinSocket, 'chatMessage', { to: dana.username, text: `History line ${n}` }))
        .message;
    }
    // Read already (on another device, say): the conversation opens at its end, not at an unread one.
    await ok(danaSocket, 'markRead', { channelId: last?.channelId, messageId: last?.id });
    const page = dana.page;
    await conversationEntry(page, erin.username).locator('.badge').waitFor({ state: 'hidden' });
    await conversationEntry(page, erin.username).click();
    await page.locator('#message-list li.message', { hasText: 'History line 120' }).waitFor();
    const expected = (from: number) => Array.from({ length: 121 - from }, (_, index) => `History line ${from + index}`);
    expect(await shownMessages(page)).to.deep.equal(expected(71));
    expect(await page.locator('#message-list li.unread-divider').count()).to.equal(0);
    const atBottom = await page
      .locator('#message-scroller')
      .evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
    expect(atBottom).to.be.at.most(2);

    // Scroll to the top: the next 50 older come in above, and line 71 stays where it was. The
    // server holds its answer until the reader's position is taken, however fast it would be.
    const heldHistory = holdHistory(stage.app);
    await page.locator('#message-scroller').evaluate((element) => (element.scrollTop = 0));
    await page.locator('.history-label', { hasText: 'Loading messages' }).waitFor();
    const before = await offsetOf(page, 'History line 71');
    heldHistory.release();
    await eventually(
      () => shownMessages(page),
      (texts) => texts.length === 100,
      { what: '100 messages' },
    );
    expect(await shownMessages(page)).to.deep.equal(expected(21));
    expect(Math.abs((await offsetOf(page, 'History line 71')) - before)).to.be.below(3);
    await screenshot(page, '09-history-older');

    // A person's mouse wheel works as well.
    await page.locator('#message-scroller').hover();
    await page.locator('#message-scroller').evaluate((element) => (element.scrollTop = 1));
    await page.mouse.wheel(0, -5000);
    await eventually(
      () => shownMessages(page),
      (texts) => texts.length === 120,
      { what: 'all 120 messages' },
    );
    expect(await shownMessages(page)).to.deep.equal(expected(1));
    await page.locator('#history-status', { hasText: 'This is the beginning of the conversation.' }).waitFor();
    expect(await page.locator('#load-older').isHidden()).to.equal(true);
  });

  it('keeps the reader in place when a message arrives while scrolled up, and offers "New messages"', async () => {
    const page = dana.page;
    await page.locator('#message-scroller').evaluate((element) => (element.scrollTop = 0));
    await page.waitForTimeout(100);
    const top = await scrollerTop(page);
    await ok(erinSocket, 'chatMessage', { to: dana.username, text: 'A newer line' });
    await page.locator('#message-list li.message', { hasText: 'A newer line' }).waitFor({ state: 'attached' });
    await page.locator('#new-messages').waitFor();
    expect(Math.abs((await scrollerTop(page)) - top)).to.be.below(3);
    await page.locator('#new-messages').click();
    await page.locator('#new-messages').waitFor({ state: 'hidden' });
    await page.locator('#message-list li.message', { hasText: 'A newer line' }).isVisible();
  });

  it(`shows ${XSS_VECTORS.length} XSS vectors as text and runs none of them`, async () => {
    await conversationEntry(dana.page, 'Everyone').click();
    await conversationEntry(erin.page, 'Everyone').click();
    const marker = `Vectors of run ${randomBytes(3).toString('hex')} follow`;
    await sendMessage(dana.page, marker);
    for (const vector of XSS_VECTORS) await sendMessage(dana.page, vector);
    const lastVisible = visibleText(XSS_VECTORS[XSS_VECTORS.length - 1] ?? '');
    for (const person of [dana, erin]) {
      await eventually(
        () => person.page.locator('#message-list li.message:not(.outgoing) .message-body').allTextContents(),
        (texts) => textsAfter(texts, marker).includes(lastVisible),
        { what: `${person.username} to receive every vector` },
      );
    }
    // Give anything that might fire (onerror, onload, autofocus) a moment to do so.
    await dana.page.waitForTimeout(500);

    for (const person of [dana, erin]) {
      const page = person.page;
      const bodies = textsAfter(
        await page.locator('#message-list li.message:not(.outgoing) .message-body').allTextContents(),
        marker,
      );
      for (const vector of XSS_VECTORS) expect(bodies, vector).to.include(visibleText(vector));
      const audit = await page.locator('#message-list').evaluate((list) => {
        // Files other suites posted to Everyone (one shared database in services mode) are the
        // site's own markup: checked apart, below. So are the action buttons' icons (SVG).
        const all = Array.from(list.querySelectorAll('*'));
        const elements = all.filter((element) => !element.closest('.message-attachments, .message-actions'));
        return {
          files: all
            .filter((element) => element.tagName === 'IMG' || element.closest('.message-attachments'))
            .filter((element) => element.tagName === 'IMG' || element.tagName === 'A')
            .map((element) => ({
              inFiles: element.closest('.message-attachments') !== null,
              url: element.getAttribute('src') ?? element.getAttribute('href') ?? '',
            })),
          tags: [...new Set(elements.map((element) => element.tagName))],
          handlers: elements.flatMap((element) =>
            Array.from(element.attributes)
              .filter((attribute) => attribute.name.startsWith('on'))
              .map((attribute) => `${element.tagName} ${attribute.name}`),
          ),
          hrefs: elements.filter((element) => element.tagName === 'A').map((link) => link.getAttribute('href') ?? ''),
        };
      });
      expect(
        audit.tags.filter((tag) => !ALLOWED_TAGS.has(tag)),
        'unexpected elements',
      ).to.deep.equal([]);
      expect(audit.handlers, 'event handler attributes').to.deep.equal([]);
      for (const href of audit.hrefs) expect(href).to.match(/^https?:\/\//);
      for (const file of audit.files) {
        expect(file.inFiles, "an image outside a message's files").to.equal(true);
        expect(file.url).to.match(/^\/attachments\//);
      }
      expect(person.dialogs, `${person.username}'s dialogs`).to.deep.equal([]);
      expect(person.errors, `${person.username}'s page errors`).to.deep.equal([]);
      expect(
        person.console.filter((line) => /xss/i.test(line)),
        'console',
      ).to.deep.equal([]);
      expect(await page.title()).to.not.match(/xss/i);
    }
    await screenshot(erin.page, '10-xss-as-text');
  });
});
