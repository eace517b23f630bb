/**
 * The README's screenshots, made in Chromium from a small, lively site: four people, Everyone with
 * a reply, reactions, code, a link and a mention, a room, an unread direct message, someone typing.
 * Runs only with SCREENSHOTS=1 (embedded mode, a fresh database, so the names are plain) and writes
 * docs/screenshots/desktop-light.png, desktop-dark.png and phone.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { conversationEntry, describeInBrowser, sendMessage, useBrowserStage, type Person } from '../support/browser';

const OUT = path.resolve('docs/screenshots');
const describeShots = process.env.SCREENSHOTS === '1' ? describeInBrowser : describe.skip;

function messageRow(page: Page, text: string) {
  return page.locator('#message-list li.message[data-id]').filter({ has: page.locator('.message-body', { hasText: text }) });
}

async function react(page: Page, text: string, emoji: string): Promise<void> {
  const row = messageRow(page, text);
  await row.hover();
  await row.getByRole('button', { name: 'React', exact: true }).click();
  const picker = page.getByRole('dialog', { name: 'Choose a reaction' });
  await picker.getByRole('searchbox').fill(emoji);
  await picker.locator('.reaction-picker__grid button').first().click();
  await row.locator('.reaction').first().waitFor();
}

describeShots('README screenshots', function () {
  this.timeout(120_000);
  const stage = useBrowserStage({ app: { env: { MYSQL_URL: '', REDIS_URL: '' } } });
  let maya: Person;
  let leo: Person;
  let sam: Person;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    maya = await stage.registered('maya');
    leo = await stage.registered('leo');
    sam = await stage.registered('sam_rivera');
    const ines = await stage.registered('ines');
    await ines.page.getByRole('button', { name: 'Log out' }).click();
    await ines.page.waitForURL(`${stage.app.url}/login`);

    await maya.page.getByRole('button', { name: 'New room' }).click();
    const dialog = maya.page.getByRole('dialog', { name: 'New room' });
    await dialog.getByLabel('Name').fill('design-review');
    await dialog.getByRole('button', { name: 'Create room' }).click();
    await maya.page.locator('#conversation-title', { hasText: 'design-review' }).waitFor();
    await sendMessage(maya.page, 'Mock-ups for the new sidebar are in the shared folder.');
    await sendMessage(leo.page, '/join design-review');
    await leo.page.locator('#conversation-title', { hasText: 'design-review' }).waitFor();

    for (const person of [maya, leo, sam]) await conversationEntry(person.page, 'Everyone').click();
    await sendMessage(leo.page, 'Morning all! Version 4.2 is **out** 🎉');
    await sendMessage(leo.page, 'Thanks to everyone who tested the release candidate.');
    await sendMessage(sam.page, 'Nice work. Release notes: https://example.com/releases/4.2');
    await sendMessage(sam.page, 'The reconnect fix was a one-liner: `outbox.retry(clientId)`');
    await messageRow(maya.page, 'reconnect fix').waitFor();
    const original = messageRow(maya.page, 'Version 4.2');
    await original.hover();
    await original.getByRole('button', { name: 'Reply', exact: true }).click();
    await sendMessage(maya.page, 'Great job! The new unread markers make mornings much easier.');
    await react(sam.page, 'Version 4.2', 'party');
    await react(maya.page, 'Version 4.2', 'thumbs up');
    await react(leo.page, 'unread markers', 'heart');
    await sendMessage(leo.page, 'Could you look at the design-review room before lunch, @maya?');
    await messageRow(maya.page, 'before lunch').waitFor();

    await conversationEntry(leo.page, 'maya').or(leo.page.locator('#user-list [data-username="maya"]')).first().click();
    await leo.page.locator('#conversation-title', { hasText: 'maya' }).waitFor();
    await sendMessage(leo.page, 'Coffee at 3?');
    await conversationEntry(maya.page, 'leo').locator('.badge').waitFor();
    await conversationEntry(leo.page, 'Everyone').click();
  });

  /** Signs maya in on a fresh context with this viewport and theme, shows Everyone, with leo typing. */
  async function shoot(file: string, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark') {
    const viewer = await stage.person('maya', { password: maya.password, viewport, colorScheme });
    const { page } = viewer;
    // Signed in by hand: on a phone the conversations are in the closed drawer. A new tab opens Everyone.
    await page.goto(`${stage.app.url}/login`);
    await page.getByLabel('Username').fill('maya');
    await page.getByLabel('Password').fill(maya.password);
    await Promise.all([page.waitForURL(`${stage.app.url}/io`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.locator('#connection-state[data-state="connected"]').waitFor();
    await messageRow(page, 'before lunch').waitFor();
    await leo.page.getByLabel('Message', { exact: true }).pressSequentially('Sure, I', { delay: 30 });
    await page.locator('#typing', { hasText: 'leo is typing…' }).waitFor();
    await page.mouse.move(viewport.width - 5, viewport.height - 5);
    await page.screenshot({ path: path.join(OUT, file) });
    await leo.page.getByLabel('Message', { exact: true }).fill('');
    await stage.leave(viewer);
  }

  it('desktop, light', () => shoot('desktop-light.png', { width: 1280, height: 800 }, 'light'));
  it('desktop, dark', () => shoot('desktop-dark.png', { width: 1280, height: 800 }, 'dark'));
  it('phone', () => shoot('phone.png', { width: 360, height: 740 }, 'light'));
});
