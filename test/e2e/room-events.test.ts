/**
 * Room changes leave a trace (issue 14, defect 9), in real Chromium: a room's creation, an
 * invitation, a join and a leave show in the room as quiet lines among its messages, live and
 * again after a reload (they are stored with the history), with names written as the messages
 * write them. They are not messages: the message list holds only the one message sent.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Channel } from '../../src/shared';
import { signUp, uniqueName } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import {
  conversationEntry,
  describeInBrowser,
  screenshot,
  shownMessages,
  useBrowserStage,
  waitUntilOnline,
  type Person,
} from '../support/browser';
import { eventually } from '../support/waiting';

/** The rows of the open conversation that are room events or messages, in order, as text. */
function timelineLines(page: Page): Promise<string[]> {
  return page
    .locator('#message-list > li.room-event, #message-list > li.message')
    .evaluateAll((rows) =>
      rows.map((row) =>
        row.classList.contains('room-event')
          ? `event: ${row.querySelector('.room-event__text')?.textContent ?? ''}`
          : `message: ${row.querySelector('.message-body')?.textContent ?? ''}`,
      ),
    );
}

describeInBrowser('Room events in Chromium', function () {
  this.timeout(90_000);
  const sockets: ClientSocket[] = [];
  after(() => sockets.forEach((socket) => socket.close())); // first, while the server is up
  const stage = useBrowserStage();
  let ann: Person;

  before(async () => {
    ann = await stage.registered(uniqueName('ann'));
  });

  async function socketOf(cookie: string): Promise<ClientSocket> {
    const socket = await connectAs(stage.app.url, cookie);
    sockets.push(socket);
    return socket;
  }

  it('shows a join, an invitation and a leave as lines in the room, live and after a reload', async () => {
    const page = ann.page;
    const annSocket = await socketOf((await ann.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
    const ben = await signUp(stage.app.url, { username: uniqueName('ben') });
    const cat = await signUp(stage.app.url, { username: uniqueName('cat') });
    const [benSocket, catSocket] = [await socketOf(ben.cookie), await socketOf(cat.cookie)];
    await ok(benSocket, 'setNickname', { nickname: 'Benny' });

    const name = `Events ${randomBytes(4).toString('hex')}`;
    const { channel } = await ok<{ channel: Channel }>(annSocket, 'createRoom', { name });
    await conversationEntry(page, name).click();
    await page.locator('#conversation-title', { hasText: `# ${name}` }).waitFor();
    await page.locator('li.room-event', { hasText: 'created the room' }).waitFor();

    await ok(annSocket, 'inviteToRoom', { channelId: channel.id, username: ben.username });
    await ok(catSocket, 'joinRoom', { channelId: channel.id });
    await ok(benSocket, 'chatMessage', { channelId: channel.id, text: 'hi all' });
    await ok(benSocket, 'leaveRoom', { channelId: channel.id });
    await page.locator('li.room-event', { hasText: ' left' }).waitFor();

    // Names as the messages write them: Ben's line shows his name exactly as his message does.
    const benName = await page.locator('#message-list li.message .message-author').first().innerText();
    expect(benName).to.contain('Benny').and.contain(ben.username);
    const expected = [
      `event: ${ann.username} created the room`,
      `event: ${ann.username} added ${benName}`,
      `event: ${cat.username} joined`,
      'message: hi all',
      `event: ${benName} left`,
    ];
    await eventually(
      () => timelineLines(page),
      (lines) => lines.join('\n') === expected.join('\n'),
      { what: 'the lines live' },
    );
    expect(await shownMessages(page)).to.deep.equal(['hi all']);
    expect(await page.locator('li.room-event time').count()).to.equal(4);
    await screenshot(page, 'room-events-01-lines');

    await page.reload();
    await waitUntilOnline(page);
    await page.locator('#conversation-title', { hasText: `# ${name}` }).waitFor();
    await eventually(
      () => timelineLines(page),
      (lines) => lines.join('\n') === expected.join('\n'),
      {
        what: 'the lines after a reload',
      },
    );
    expect(ann.errors).to.deep.equal([]);
  });
});
