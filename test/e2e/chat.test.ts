/**
 * The chat page in real headless Chromium, used the way people use it: sign up through the forms,
 * find each other, talk privately and to everyone, see typing, log out. The steps run in order
 * and build on each other, like one afternoon of three people chatting.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { uniqueName } from '../support/http';
import {
  conversationEntry,
  describeInBrowser,
  register,
  screenshot,
  sendMessage,
  shownMessages,
  useBrowserStage,
  type Person,
  failOnPageErrors,
} from '../support/browser';
import { eventually } from '../support/waiting';

/** Counted after a reconnect, so unique to the run: Everyone keeps earlier runs' messages. */
const OFFLINE_TEXT = `Written on the train ${randomBytes(3).toString('hex')}`;

describeInBrowser('Chat page in Chromium', function () {
  this.timeout(60_000);
  const stage = useBrowserStage();
  let alice: Person;
  let bob: Person;
  let carol: Person;

  before(async () => {
    alice = await stage.person(uniqueName('alice'));
    bob = await stage.person(uniqueName('bob'));
    carol = await stage.person(uniqueName('carol'));
  });

  failOnPageErrors(stage);

  it('lets two people register through the forms and see each other come online', async () => {
    await register(alice, stage.app.url);
    expect(await alice.page.locator('#me').innerText()).to.equal(alice.username);
    expect(await alice.page.locator('#conversation-title').innerText()).to.equal('Everyone');
    await register(bob, stage.app.url);

    await alice.page.locator(`#user-list li.online [data-username="${bob.username}"]`).waitFor();
    await bob.page.locator(`#user-list li.online [data-username="${alice.username}"]`).waitFor();
    await screenshot(alice.page, '01-online');
  });

  it('delivers private messages between them, with an unread badge until read', async () => {
    await alice.page.locator(`#user-list [data-username="${bob.username}"]`).click();
    await alice.page.locator('#conversation-title', { hasText: bob.username }).waitFor();
    await sendMessage(alice.page, 'Hi **Bob**, this is just between us');
    await alice.page.locator('#message-list li.message:not(.outgoing)', { hasText: 'just between us' }).waitFor();

    const bobsEntry = conversationEntry(bob.page, alice.username);
    await bobsEntry.locator('.badge', { hasText: '1' }).waitFor();
    expect(await bob.page.title()).to.equal('(1) Natter');
    expect(await shownMessages(bob.page)).to.not.include('Hi Bob, this is just between us');

    await bobsEntry.click();
    await bob.page.locator('#message-list strong', { hasText: 'Bob' }).waitFor();
    await eventually(
      () => bob.page.title(),
      (title) => title === 'Natter',
      { what: 'the unread count to clear' },
    );
    await sendMessage(bob.page, 'Hello Alice! Got it.');
    await alice.page.locator('#message-list', { hasText: 'Hello Alice! Got it.' }).waitFor();
    expect(await shownMessages(alice.page)).to.deep.equal(['Hi Bob, this is just between us', 'Hello Alice! Got it.']);
    await screenshot(alice.page, '02-private-conversation');
  });

  it('sends "@name message" privately from the Everyone view', async () => {
    await conversationEntry(alice.page, 'Everyone').click();
    await alice.page.locator('#conversation-title', { hasText: 'Everyone' }).waitFor();
    const input = alice.page.getByLabel('Message', { exact: true });
    await input.fill(`@${bob.username} are you free at three?`);
    expect(await alice.page.locator('#composer-hint').innerText()).to.equal(`Private message to ${bob.username}`);
    await input.press('Enter');
    await alice.page.locator('#composer-status', { hasText: `Sent privately to ${bob.username}` }).waitFor();
    await bob.page.locator('#message-list', { hasText: 'are you free at three?' }).waitFor();
    expect(await shownMessages(alice.page)).to.not.include('are you free at three?');
  });

  it('refuses an unknown command and a private message to no one in the composer, sending nothing', async () => {
    const input = alice.page.getByLabel('Message', { exact: true });
    const status = alice.page.locator('#composer-status');
    const before = await shownMessages(alice.page);
    await sendMessage(alice.page, '/frobnicate foo');
    await status.filter({ hasText: 'Unknown command /frobnicate. Type /help.' }).waitFor();
    expect(await input.inputValue()).to.equal('/frobnicate foo');

    await sendMessage(alice.page, '@nobody hello?');
    await status.filter({ hasText: 'There is no one called nobody.' }).waitFor();
    expect(await input.inputValue()).to.equal('@nobody hello?');
    expect(await alice.page.locator('#message-list li.message', { hasText: 'hello?' }).count()).to.equal(0);

    // A new attempt clears the last status line; //text sends the literal slash.
    await sendMessage(alice.page, '//etc/hosts is a file');
    await alice.page.locator('#message-list li.message', { hasText: '/etc/hosts is a file' }).last().waitFor();
    expect(await status.innerText()).to.equal('');
    expect(await shownMessages(alice.page)).to.include.members(before);
  });

  it('shows "<name> is typing…" while someone types, and removes it when they stop or send', async () => {
    await conversationEntry(alice.page, bob.username).click();
    await alice.page.locator('#conversation-title', { hasText: bob.username }).waitFor();
    const bobInput = bob.page.getByLabel('Message', { exact: true });
    await bobInput.click();
    await bobInput.pressSequentially('Let me think', { delay: 40 });
    await alice.page.locator('#typing', { hasText: `${bob.username} is typing…` }).waitFor({ timeout: 3000 });
    await screenshot(alice.page, '03-typing');

    // Idle for 2 s: bob's page sends doneTyping.
    await eventually(
      () => alice.page.locator('#typing').innerText(),
      (text) => text === '',
      {
        timeoutMs: 4000,
        what: `the typing notice to go after ${bob.username} stopped`,
      },
    );

    await bobInput.pressSequentially(' about it', { delay: 40 });
    await alice.page.locator('#typing', { hasText: `${bob.username} is typing…` }).waitFor({ timeout: 3000 });
    await bobInput.press('Enter');
    await alice.page.locator('#message-list', { hasText: 'Let me think about it' }).waitFor();
    expect(await alice.page.locator('#typing').innerText()).to.equal('');
  });

  it('adds Shift+Enter as a new line and sends on Enter', async () => {
    const input = alice.page.getByLabel('Message', { exact: true });
    await input.fill('First line');
    await input.press('Shift+Enter');
    await input.pressSequentially('second line');
    expect(await input.inputValue()).to.equal('First line\nsecond line');
    await input.press('Enter');
    await bob.page.locator('#message-list li.message', { hasText: 'second line' }).waitFor();
    const body = bob.page.locator('#message-list li.message', { hasText: 'second line' }).locator('.message-body');
    expect(await body.innerText()).to.equal('First line\nsecond line');
    expect(await input.inputValue()).to.equal('');
  });

  it('delivers a broadcast to a third person, who never sees the private messages', async () => {
    await register(carol, stage.app.url);
    await alice.page.locator(`#user-list li.online [data-username="${carol.username}"]`).waitFor();
    await conversationEntry(alice.page, 'Everyone').click();
    await sendMessage(alice.page, 'Welcome, *carol*! Docs at https://example.com/docs.');
    // Everyone keeps earlier runs' messages (MYSQL_URL keeps its data): this run's shows this alice.
    const message = carol.page
      .locator('#message-list li.message', { hasText: 'Welcome, carol!' })
      .filter({ hasText: alice.username });
    await message.waitFor();
    const link = message.locator('a');
    expect(await link.getAttribute('href')).to.equal('https://example.com/docs');
    expect(await link.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(await link.getAttribute('target')).to.equal('_blank');
    await conversationEntry(bob.page, 'Everyone').locator('.badge').waitFor();

    const carolsText = await carol.page.locator('body').innerText();
    expect(carolsText).to.not.include('just between us');
    expect(carolsText).to.not.include('free at three');
    await screenshot(carol.page, '04-broadcast');
  });

  it('finds a person with the search box and talks to them using the keyboard alone', async () => {
    const page = carol.page;
    await page.locator('body').focus();
    let reached = '';
    for (let tabs = 0; tabs < 40 && reached !== 'user-search'; tabs++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(reached, 'Tab reaches the people search').to.equal('user-search');
    // A prefix, as people search; long enough that earlier runs' alices do not match it too.
    await page.keyboard.type(alice.username.slice(0, -2));
    await page.locator(`#search-results [data-username="${alice.username}"]`).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#conversation-title', { hasText: alice.username }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('message-input');
    await page.keyboard.type('Found you through the search');
    await page.keyboard.press('Enter');
    await conversationEntry(alice.page, carol.username).locator('.badge', { hasText: '1' }).waitFor();
  });

  it('keeps a message written offline and sends it once on reconnect', async () => {
    await conversationEntry(carol.page, 'Everyone').click();
    await carol.context.setOffline(true);
    await carol.page.locator('#connection-state[data-state="reconnecting"]').waitFor({ timeout: 30_000 });
    await carol.page.locator('#banner', { hasText: 'Reconnecting' }).waitFor();
    await sendMessage(carol.page, OFFLINE_TEXT);
    await carol.page.locator('#message-list li.outgoing', { hasText: 'Waiting for the connection' }).waitFor();
    await screenshot(carol.page, '05-offline');
    await carol.context.setOffline(false);
    await carol.page.locator('#connection-state[data-state="connected"]').waitFor({ timeout: 30_000 });
    await alice.page.locator('#message-list li.message', { hasText: OFFLINE_TEXT }).waitFor();
    await carol.page.locator('#message-list li.outgoing').waitFor({ state: 'detached' });
    const copies = await carol.page.locator('#message-list li.message', { hasText: OFFLINE_TEXT }).count();
    expect(copies).to.equal(1);
  });

  it('fits a 360 px wide screen without horizontal scrolling, in dark mode too', async () => {
    const phone = await stage.person(bob.username, { password: bob.password, viewport: { width: 360, height: 740 } });
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await phone.page.goto(`${stage.app.url}/login`);
    await phone.page.getByLabel('Username').fill(bob.username);
    await phone.page.getByLabel('Password').fill(bob.password);
    await Promise.all([
      phone.page.waitForURL(`${stage.app.url}/io`),
      phone.page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await phone.page.locator('#message-list li.message').first().waitFor();
    await screenshot(phone.page, '06-mobile-dark');

    await phone.page.getByRole('button', { name: 'Conversations and people' }).click();
    await phone.page.waitForTimeout(300); // the drawer's opening transition
    await screenshot(phone.page, '07-mobile-drawer');
    await conversationEntry(phone.page, alice.username).click();
    await phone.page.locator('#conversation-title', { hasText: alice.username }).waitFor();
    expect(await phone.page.evaluate(() => document.body.classList.contains('sidebar-open'))).to.equal(false);
    await conversationEntry(alice.page, bob.username).click();
    await sendMessage(alice.page, `A long word: ${'x'.repeat(300)} and https://example.com/${'long-path/'.repeat(20)}`);
    await sendMessage(alice.page, `\`\`\`\n${'const wide = 1; '.repeat(30)}\n\`\`\``);
    await phone.page.locator('#message-list li.message', { hasText: 'const wide' }).waitFor();
    await phone.page.waitForTimeout(300); // the drawer's closing transition
    const widths = await phone.page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).to.be.at.most(widths.client);
    await screenshot(phone.page, '08-mobile-conversation');
    await stage.leave(phone);
  });

  it('remembers the sound switch and a muted conversation across reloads', async () => {
    const page = bob.page;
    await conversationEntry(page, alice.username).click();
    await page.getByRole('button', { name: 'Sound', exact: true }).click();
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    expect(await page.locator('#sound-toggle').getAttribute('aria-pressed')).to.equal('false');
    expect(await page.locator('#mute-toggle').getAttribute('aria-pressed')).to.equal('true');
    await page.reload();
    await page.locator('#conversation-title', { hasText: alice.username }).waitFor();
    expect(await page.locator('#sound-toggle').getAttribute('aria-pressed')).to.equal('false');
    expect(await page.locator('#mute-toggle').getAttribute('aria-pressed')).to.equal('true');
    await page.locator('#channel-list li.muted', { hasText: alice.username }).waitFor();
    await page.getByRole('button', { name: 'Sound', exact: true }).click();
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    expect(await page.locator('#mute-toggle').getAttribute('aria-pressed')).to.equal('false');
  });

  it('looks like a chat people would use', async () => {
    await conversationEntry(alice.page, 'Everyone').click();
    for (const person of [bob, carol]) await conversationEntry(person.page, 'Everyone').click();
    await sendMessage(bob.page, 'Morning all! The deploy is **done**.');
    await sendMessage(carol.page, 'Nice. The fix was a one-liner: `outbox.retry(clientId)`');
    await sendMessage(alice.page, "For the record:\n```ts\nsocket.timeout(10_000).emit('chatMessage', payload, ack);\n```");
    await sendMessage(bob.page, 'Release notes: https://example.com/releases/4.2 — *read them* before Friday');
    // Not grouped (alice wrote last), so it shows the author: this run's bob, not an earlier one.
    await alice.page
      .locator('#message-list li.message', { hasText: 'Release notes' })
      .filter({ hasText: bob.username })
      .waitFor();
    await bob.page.getByLabel('Message', { exact: true }).pressSequentially('Also', { delay: 30 });
    await alice.page.locator('#typing', { hasText: `${bob.username} is typing…` }).waitFor();
    await screenshot(alice.page, '00-readme');
    await bob.page.getByLabel('Message', { exact: true }).fill('');
  });

  it('sets a nickname with /nick, shown one way everywhere: "Nickname (username)"', async () => {
    await sendMessage(bob.page, '/nick Bobby');
    await bob.page.locator('#composer-status', { hasText: 'Your nickname is now Bobby.' }).waitFor();
    const full = `Bobby (${bob.username})`;
    expect(await bob.page.locator('#me').innerText()).to.equal(full);
    // Bob and alice talk privately: he is listed once, with their conversation.
    const sidebarName = alice.page.locator('#channel-list .channel-name').filter({ hasText: bob.username });
    expect(await alice.page.locator(`#user-list [data-username="${bob.username}"]`).count()).to.equal(0);
    await sidebarName.filter({ hasText: 'Bobby' }).waitFor();
    await alice.page.locator('#message-list .message-author', { hasText: full }).first().waitFor();
    const authors = await alice.page.locator('#message-list .message-author', { hasText: 'Bobby' }).allInnerTexts();
    expect(
      [await sidebarName.innerText(), ...authors].every((name) => name === full),
      'the same everywhere',
    ).to.equal(true);
    await sendMessage(bob.page, '/nick');
    await sidebarName.filter({ hasText: /^[^B]/ }).waitFor();
    expect(await sidebarName.innerText()).to.equal(bob.username);
  });

  it('refuses in words a nickname that is someone else’s username, keeping the command', async () => {
    await sendMessage(bob.page, `/nick ${alice.username.toUpperCase()}`);
    const status = bob.page.locator('#composer-status.error');
    await status.filter({ hasText: 'username' }).waitFor();
    expect(await status.innerText()).to.equal(
      'That nickname reads as someone else’s username: choose another, so no one mistakes you for them.',
    );
    expect(await bob.page.getByLabel('Message', { exact: true }).inputValue()).to.equal(`/nick ${alice.username.toUpperCase()}`);
    await bob.page.getByLabel('Message', { exact: true }).fill('');
  });

  it('logs out with the header button, and the others see them go offline', async () => {
    const secondTab = await carol.context.newPage();
    await secondTab.goto(`${stage.app.url}/io`);
    await secondTab.locator('#connection-state[data-state="connected"]').waitFor();
    await carol.page.getByRole('button', { name: 'Log out' }).click();
    await carol.page.waitForURL(`${stage.app.url}/login`);
    await carol.page.goto(`${stage.app.url}/io`);
    expect(new URL(carol.page.url()).pathname).to.equal('/login');
    await conversationEntry(alice.page, carol.username).locator('.avatar.has-presence:not(.online)').waitFor({ timeout: 8000 });
    // The session's other tab was disconnected by the server and says so.
    await secondTab.locator('#banner', { hasText: 'Your session has ended.' }).waitFor();
    await secondTab.getByRole('link', { name: 'Sign in again' }).waitFor();
    expect(await secondTab.getByLabel('Message', { exact: true }).getAttribute('readonly')).to.not.equal(null);
    await screenshot(secondTab, '12-signed-out');
  });
});
