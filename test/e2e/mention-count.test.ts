/**
 * The sidebar's mention badge follows edits and deletes: the server recomputes a message's mentions
 * on edit and tells the page only `messageUpdated`, so the page itself keeps `Channel.mentions` true,
 * asking the server when it does not hold what the message said before. Carol writes from a socket;
 * Bob's page is watched.
 */
import type { Page } from 'playwright-core';
import type { Channel, Message } from '../../src/shared';
import { conversationEntry, describeInBrowser, useBrowserStage, type Person, failOnPageErrors } from '../support/browser';
import { signUp, uniqueName } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';

/** The mention badge of a conversation in the sidebar: `@n`, or hidden when there is none. */
function badge(page: Page, name: string) {
  return conversationEntry(page, name).locator('.mention-badge');
}

describeInBrowser('Mention count in Chromium', function () {
  this.timeout(60_000);
  let carol: ClientSocket;
  after(() => carol?.close()); // first, while the server is up
  const stage = useBrowserStage();
  let bob: Person;

  before(async () => {
    const signedIn = await signUp(stage.app.url, { username: uniqueName('carol') });
    carol = await connectAs(stage.app.url, signedIn.cookie);
    bob = await stage.registered(uniqueName('bob'));
  });

  failOnPageErrors(stage);

  const send = async (channelId: string, text: string) =>
    (await ok<{ message: Message }>(carol, 'chatMessage', { channelId, text })).message;
  const edit = (message: Message, text: string) =>
    ok(carol, 'editMessage', { channelId: message.channelId, messageId: message.id, text });

  it('drops and adds the badge as an unread message is edited to lose or gain its mention, and deleted', async () => {
    const name = uniqueName('plans');
    const { channel } = await ok<{ channel: Channel }>(carol, 'createRoom', { name, members: [bob.username] });
    await conversationEntry(bob.page, name).waitFor();
    // Bob reads Everyone: the room's messages stay unread.
    const message = await send(channel.id, `lunch, @${bob.username}?`);
    await badge(bob.page, name).filter({ hasText: '@1' }).waitFor();

    await edit(message, 'lunch, anyone?');
    await badge(bob.page, name).waitFor({ state: 'hidden', timeout: 5000 });
    await edit(message, `lunch, @${bob.username}? Really?`);
    await badge(bob.page, name).filter({ hasText: '@1' }).waitFor({ timeout: 5000 });
    await ok(carol, 'deleteMessage', { channelId: channel.id, messageId: message.id });
    await badge(bob.page, name).waitFor({ state: 'hidden', timeout: 5000 });
  });

  it('follows an edit of an unread message the page never held (asking the server)', async () => {
    const name = uniqueName('trip');
    const { channel } = await ok<{ channel: Channel }>(carol, 'createRoom', { name, members: [bob.username] });
    await conversationEntry(bob.page, name).waitFor();
    const first = await send(channel.id, `@${bob.username} and @${bob.username}, the tickets`);
    const second = await send(channel.id, `and the hotel, @${bob.username}`);
    await send(channel.id, 'last word');
    await badge(bob.page, name).filter({ hasText: '@2' }).waitFor();

    await edit(first, 'the tickets are booked');
    await badge(bob.page, name).filter({ hasText: '@1' }).waitFor({ timeout: 5000 });
    await edit(second, 'and the hotel');
    await badge(bob.page, name).waitFor({ state: 'hidden', timeout: 5000 });
  });
});
