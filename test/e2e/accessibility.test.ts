/**
 * The accessibility audit: axe-core in Chromium finds no serious or critical violation on the
 * sign-in, sign-up, chat and account pages, in the light and the dark theme. The chat page is
 * audited as people use it: messages from two people, a reply, reactions, an image, the reaction
 * picker and a dialog open.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { auditPage, describeFindings } from '../support/axe';
import { uniqueName } from '../support/http';
import {
  conversationEntry,
  describeInBrowser,
  login,
  register,
  sendMessage,
  useBrowserStage,
  waitUntilOnline,
  type Person,
} from '../support/browser';
import { PNG_1X1 } from '../support/uploads';

const SCHEMES = ['light', 'dark'] as const;
const ROOM = `Audit ${uniqueName('room')}`;

function messageRow(page: Page, text: string) {
  return page.locator('#message-list li.message[data-id]').filter({ has: page.locator('.message-body', { hasText: text }) });
}

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const findings = await auditPage(page);
  expect(findings, `${what}:\n${describeFindings(findings)}`).to.deep.equal([]);
}

describeInBrowser('Accessibility: axe-core finds nothing serious', function () {
  this.timeout(120_000);
  const stage = useBrowserStage();
  let alice: Person;
  let bob: Person;

  before(async () => {
    // Alone on a fresh site (embedded mode), alice reads the invitation: audited first, below.
    alice = await stage.person(uniqueName('alice'), { bypassCSP: true });
    await register(alice, stage.app.url);
    if (!process.env.MYSQL_URL) {
      await alice.page.locator('.conversation-intro').getByText('Invite someone: share this address').waitFor();
      await expectNoSeriousViolations(alice.page, '/io alone on the site');
    }
    bob = await stage.registered(uniqueName('bob'));
    // A conversation as people have them: two people, a formatted message, a reply, reactions, an image.
    await conversationEntry(alice.page, 'Everyone').click();
    await sendMessage(alice.page, 'Morning! The deploy is **done**, notes at https://example.com/notes');
    await sendMessage(alice.page, 'Ping me with `questions`.');
    await messageRow(bob.page, 'Ping me with').waitFor();
    const original = messageRow(bob.page, 'The deploy is');
    await original.hover();
    await original.getByRole('button', { name: 'Reply', exact: true }).click();
    await sendMessage(bob.page, 'Thanks, looks good');
    await messageRow(alice.page, 'Thanks, looks good').locator('.quote-button').waitFor();
    const thanks = messageRow(alice.page, 'Thanks, looks good');
    await thanks.hover();
    await thanks.getByRole('button', { name: 'React', exact: true }).click();
    await alice.page.getByRole('dialog', { name: 'Choose a reaction' }).getByRole('button').first().click();
    await thanks.locator('.reaction').first().waitFor();
    await bob.page.getByLabel('Attach files').setInputFiles({ name: 'diagram.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await bob.page.locator('#attachment-tray li', { hasText: 'Ready' }).waitFor();
    await sendMessage(bob.page, 'The diagram');
    await alice.page.locator('#message-list img[alt="diagram.png"]').waitFor();
    // A direct conversation too, so the sidebar shows one with a presence dot and an unread badge.
    await bob.page.locator(`#user-list [data-username="${alice.username}"]`).click();
    await bob.page.locator('#conversation-title', { hasText: alice.username }).waitFor();
    await sendMessage(bob.page, 'A word in private');
    await conversationEntry(alice.page, bob.username).locator('.badge').waitFor();
    // A room with both of them, for its members dialog.
    await alice.page.getByRole('button', { name: 'New room' }).click();
    const create = alice.page.getByRole('dialog', { name: 'New room' });
    await create.getByLabel('Name').fill(ROOM);
    await create.getByRole('button', { name: 'Create room' }).click();
    await alice.page.locator('#conversation-title', { hasText: ROOM }).waitFor();
    await sendMessage(bob.page, `/join ${ROOM}`);
    await bob.page.locator('#conversation-title', { hasText: ROOM }).waitFor();
  });

  afterEach(function () {
    // The forms answer refused input with 401 and 422, which Chromium logs: those are not errors.
    const unexpected = (person: Person) => person.errors.filter((error) => !error.startsWith('Failed to load resource'));
    for (const person of stage.people) expect(unexpected(person), `${person.username}'s page errors`).to.deep.equal([]);
  });

  for (const colorScheme of SCHEMES) {
    describe(`in the ${colorScheme} theme`, () => {
      let visitor: Person;
      let reader: Person;

      before(async () => {
        visitor = await stage.person(uniqueName('visitor'), { colorScheme, bypassCSP: true });
        reader = await stage.person(alice.username, { password: alice.password, colorScheme, bypassCSP: true });
        await login(reader, stage.app.url);
      });

      after(async () => {
        await stage.leave(visitor);
        await stage.leave(reader);
      });

      it('/login and /register, empty and with errors', async () => {
        const { page } = visitor;
        await page.goto(`${stage.app.url}/login`);
        await expectNoSeriousViolations(page, '/login');
        await page.getByLabel('Username').fill('nobody-here');
        await page.getByLabel('Password').fill('not the password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').waitFor();
        await expectNoSeriousViolations(page, '/login with an error');
        await page.goto(`${stage.app.url}/register`);
        await expectNoSeriousViolations(page, '/register');
        await page.getByLabel('Username').fill('x');
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.locator('.form-errors').waitFor();
        await expectNoSeriousViolations(page, '/register with errors');
      });

      it('/io with messages, a reply, reactions, an image and unread conversations', async () => {
        const { page } = reader;
        await conversationEntry(page, 'Everyone').click();
        await page.locator('#message-list img[alt="diagram.png"]').waitFor();
        await messageRow(page, 'Thanks, looks good').hover();
        await expectNoSeriousViolations(page, '/io');
      });

      it('/io with the reaction picker and with a dialog open', async () => {
        const { page } = reader;
        const row = messageRow(page, 'Ping me with');
        await row.hover();
        await row.getByRole('button', { name: 'React', exact: true }).click();
        await page.getByRole('dialog', { name: 'Choose a reaction' }).waitFor();
        await expectNoSeriousViolations(page, '/io with the reaction picker');
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'New room' }).click();
        await page.getByRole('dialog', { name: 'New room' }).waitFor();
        await expectNoSeriousViolations(page, '/io with the New room dialog');
        await page.keyboard.press('Escape');
        await conversationEntry(page, ROOM).click();
        await page.getByRole('button', { name: /^Members/ }).click();
        await page
          .getByRole('dialog', { name: `# ${ROOM}` })
          .locator('#room-member-list li', { hasText: bob.username })
          .waitFor();
        await expectNoSeriousViolations(page, '/io with the members dialog');
        await page.keyboard.press('Escape');
      });

      it('/io in a direct conversation, on a phone with the sidebar open', async () => {
        const { page } = reader;
        await conversationEntry(page, bob.username).click();
        await messageRow(page, 'A word in private').waitFor();
        await expectNoSeriousViolations(page, '/io, direct conversation');
        await page.setViewportSize({ width: 360, height: 740 });
        await page.getByRole('button', { name: 'Conversations and people' }).click();
        await page.locator('body.sidebar-open').waitFor();
        await expectNoSeriousViolations(page, '/io on a phone, sidebar open');
        await page.keyboard.press('Escape');
        await page.setViewportSize({ width: 1200, height: 800 });
      });

      it('/account', async () => {
        const { page } = reader;
        await page.goto(`${stage.app.url}/account`);
        await expectNoSeriousViolations(page, '/account');
        await page.getByRole('button', { name: 'Change password' }).click();
        await page.locator('.form-errors').waitFor();
        await expectNoSeriousViolations(page, '/account with errors');
        await page.goto(`${stage.app.url}/io`);
        await waitUntilOnline(page);
      });
    });
  }
});
