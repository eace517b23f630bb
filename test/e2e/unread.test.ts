/**
 * Unread messages you cannot lose (issue 14, defect 2), in real Chromium: 65 messages arrive in a
 * conversation the reader is not looking at; opening it shows the first unread one in view under a
 * `New messages` divider, and only what has been on screen counts as read (the server's unread
 * count says so too). Scrolling to the end reads the rest; the bar above jumps back to the first
 * unread and marks everything read. The sender talks over a socket; the reader's own socket asks
 * the server what it counts.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import type { Channel, Message } from '../../src/shared';
import { signUp, uniqueName } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import { conversationEntry, describeInBrowser, screenshot, useBrowserStage, type Person } from '../support/browser';
import { eventually } from '../support/waiting';

/** How much of `element` shows inside the message scroller: 0 (none) to 1 (all of it). */
function shownPart(element: Locator): Promise<number> {
  return element.evaluate((row) => {
    const view = document.getElementById('message-scroller')?.getBoundingClientRect();
    const box = row.getBoundingClientRect();
    if (!view || box.height === 0) return 0;
    const visible = Math.min(box.bottom, view.bottom) - Math.max(box.top, view.top);
    return Math.max(0, visible) / box.height;
  });
}

const row = (page: Page, text: string) =>
  page.locator('#message-list li.message', { has: page.locator('.message-body', { hasText: new RegExp(`^${text}$`) }) });

describeInBrowser('Unread messages in Chromium', function () {
  this.timeout(120_000);
  const sockets: ClientSocket[] = [];
  after(() => sockets.forEach((socket) => socket.close())); // first, while the server is up
  const stage = useBrowserStage();

  /** A reader in the browser, their own socket (to ask the server), and a sender on a socket. */
  async function setUp(): Promise<{ reader: Person; readerSocket: ClientSocket; sender: string; senderSocket: ClientSocket }> {
    const reader = await stage.registered(uniqueName('reader'));
    const cookie = (await reader.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const readerSocket = await connectAs(stage.app.url, cookie);
    const sender = await signUp(stage.app.url, { username: uniqueName('sender') });
    const senderSocket = await connectAs(stage.app.url, sender.cookie);
    sockets.push(readerSocket, senderSocket);
    return { reader, readerSocket, sender: sender.username, senderSocket };
  }

  /** `count` messages `${prefix} 1`… from the sender to the reader, in order; the last one. */
  async function sendMany(socket: ClientSocket, to: string, prefix: string, count: number): Promise<Message> {
    let last: Message | undefined;
    for (let n = 1; n <= count; n++)
      last = (await ok<{ message: Message }>(socket, 'chatMessage', { to, text: `${prefix} ${n}` })).message;
    if (!last) throw new Error('nothing sent');
    return last;
  }

  /** The reader's unread count for the channel, as the server keeps it. */
  async function serverUnread(socket: ClientSocket, channelId: string): Promise<number> {
    const { channels } = await ok<{ channels: Channel[] }>(socket, 'channels');
    return channels.find((channel) => channel.id === channelId)?.unread ?? -1;
  }

  /** 60 messages read long ago, then 65 new ones while the reader looks at Everyone. */
  async function sixtyFiveUnread(reader: Person, readerSocket: ClientSocket, sender: string, senderSocket: ClientSocket) {
    const read = await sendMany(senderSocket, reader.username, 'Earlier', 60);
    await ok(readerSocket, 'markRead', { channelId: read.channelId, messageId: read.id });
    await sendMany(senderSocket, reader.username, 'New', 65);
    await conversationEntry(reader.page, sender).locator('.badge', { hasText: '65' }).waitFor();
    return read.channelId;
  }

  it('opens at the first unread message under the divider; only what was shown is read; the end reads the rest', async () => {
    const { reader, readerSocket, sender, senderSocket } = await setUp();
    const page = reader.page;
    const channelId = await sixtyFiveUnread(reader, readerSocket, sender, senderSocket);
    expect(await serverUnread(readerSocket, channelId)).to.equal(65);

    await conversationEntry(page, sender).click();
    const divider = page.locator('#message-list li.unread-divider');
    await divider.waitFor();
    expect(await divider.innerText()).to.equal('New messages');
    // The divider sits right above "New 1", which is in view, and "Earlier 60" above it.
    expect(await divider.evaluate((element) => element.nextElementSibling?.querySelector('.message-body')?.textContent)).to.equal(
      'New 1',
    );
    await eventually(
      () => shownPart(row(page, 'New 1')),
      (part) => part === 1,
      { what: '"New 1" in view' },
    );
    expect(await shownPart(row(page, 'New 65')), 'the newest is out of view').to.equal(0);

    // What fits on the screen is read, the rest is not: on the server, on the badge, on the bar.
    const bar = page.locator('.unread-bar');
    const left = await eventually(
      async () => ({ server: await serverUnread(readerSocket, channelId), bar: await bar.innerText().catch(() => '') }),
      ({ server, bar }) => server > 0 && server < 65 && bar.startsWith(`${server} new messages`),
      { what: 'the shown messages alone to be read' },
    );
    expect(await conversationEntry(page, sender).locator('.badge').innerText()).to.equal(String(left.server));
    await screenshot(page, 'unread-01-opened-at-first-unread');
    const shownNow = await page.locator('#message-list li.message').evaluateAll((rows) => {
      const view = document.getElementById('message-scroller')?.getBoundingClientRect();
      return rows.filter((element) => {
        const box = element.getBoundingClientRect();
        return view !== undefined && box.bottom > view.top && box.top < view.bottom;
      }).length;
    });
    expect(left.server, 'roughly what is off screen').to.be.at.least(65 - shownNow);

    // Scrolling to the end reads the rest.
    await page.locator('#message-scroller').evaluate((element) => (element.scrollTop = element.scrollHeight));
    await eventually(
      () => serverUnread(readerSocket, channelId),
      (unread) => unread === 0,
      { what: 'all read on the server' },
    );
    await bar.waitFor({ state: 'hidden' });
    await conversationEntry(page, sender).locator('.badge').waitFor({ state: 'hidden' });
    expect(reader.errors).to.deep.equal([]);
  });

  it('offers "Jump to first unread" and "Mark as read" in a bar above while unread remain', async () => {
    const { reader, readerSocket, sender, senderSocket } = await setUp();
    const page = reader.page;
    const channelId = await sixtyFiveUnread(reader, readerSocket, sender, senderSocket);
    await conversationEntry(page, sender).click();
    await page.locator('#message-list li.unread-divider').waitFor();
    const bar = page.locator('.unread-bar');
    await bar.waitFor();

    // Up to the read messages: the divider goes out of view; the bar brings it back.
    await page.locator('#message-scroller').evaluate((element) => (element.scrollTop = 0));
    await eventually(
      () => shownPart(row(page, 'New 1')),
      (part) => part === 0,
      { what: '"New 1" out of view' },
    );
    await bar.getByRole('button', { name: 'Jump to first unread' }).click();
    await eventually(
      () => shownPart(row(page, 'New 1')),
      (part) => part === 1,
      { what: '"New 1" back in view' },
    );
    expect(await row(page, 'New 1').evaluate((element) => element === document.activeElement)).to.equal(true);
    expect(await serverUnread(readerSocket, channelId)).to.be.above(0);

    await bar.getByRole('button', { name: 'Mark as read' }).click();
    await bar.waitFor({ state: 'hidden' });
    await conversationEntry(page, sender).locator('.badge').waitFor({ state: 'hidden' });
    await eventually(
      () => serverUnread(readerSocket, channelId),
      (unread) => unread === 0,
      { what: 'all read on the server' },
    );
    expect(await shownPart(row(page, 'New 65')), 'marked read without being scrolled to').to.equal(0);
    expect(reader.errors).to.deep.equal([]);
  });
});
