/**
 * Drafts in real Chromium (issue 14, defect 1): each conversation keeps its own unsent text, so a
 * private draft never follows the user into Everyone; drafts survive a reload (localStorage, per
 * user and conversation) and go on send and on logout.
 */
import { expect } from 'chai';
import {
  conversationEntry,
  describeInBrowser,
  shownMessages,
  useBrowserStage,
  waitUntilOnline,
  type Person,
  failOnPageErrors,
} from '../support/browser';
import { eventually } from '../support/waiting';

describeInBrowser('Chat page in Chromium: drafts per conversation', function () {
  this.timeout(60_000);
  const stage = useBrowserStage();
  let alice: Person;
  let bob: Person;

  before(async () => {
    [alice, bob] = await stage.registeredPair(['alice', 'bob']);
  });

  failOnPageErrors(stage);

  const composer = (person: Person) => person.page.getByLabel('Message', { exact: true });
  const draftKeys = (person: Person) =>
    person.page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('chat.draft.')));

  async function openConversation(person: Person, title: string): Promise<void> {
    await conversationEntry(person.page, title).click();
    await person.page.locator('#conversation-title', { hasText: title }).waitFor();
  }

  it('keeps a private draft in its conversation: switching to Everyone shows an empty composer', async () => {
    await alice.page.locator(`#user-list [data-username="${bob.username}"]`).click();
    await alice.page.locator('#conversation-title', { hasText: bob.username }).waitFor();
    await composer(alice).fill('The secret plan, only for bob');

    await openConversation(alice, 'Everyone');
    expect(await composer(alice).inputValue()).to.equal('');
    // Enter in Everyone now sends nothing: the private text stayed behind.
    await composer(alice).press('Enter');
    await composer(alice).fill('Hello everyone');

    await openConversation(alice, bob.username);
    expect(await composer(alice).inputValue()).to.equal('The secret plan, only for bob');
    await openConversation(alice, 'Everyone');
    expect(await composer(alice).inputValue()).to.equal('Hello everyone');

    await openConversation(bob, 'Everyone');
    expect((await shownMessages(bob.page)).join('\n')).to.not.include('secret plan');
  });

  it('keeps the drafts across a reload', async () => {
    await alice.page.reload();
    await waitUntilOnline(alice.page);
    await alice.page.locator('#conversation-title', { hasText: 'Everyone' }).waitFor();
    await eventually(
      () => composer(alice).inputValue(),
      (text) => text === 'Hello everyone',
      { what: "Everyone's draft back after the reload" },
    );
    await openConversation(alice, bob.username);
    expect(await composer(alice).inputValue()).to.equal('The secret plan, only for bob');
    // Kept per user and conversation, so another account in this browser never sees them.
    const keys = await draftKeys(alice);
    expect(keys).to.have.length(2);
    for (const key of keys) expect(key).to.include(alice.username.toLowerCase());
  });

  it('clears a draft once it is sent', async () => {
    await composer(alice).press('Enter');
    await alice.page.locator('#message-list li.message:not(.outgoing)', { hasText: 'The secret plan' }).waitFor();
    expect(await composer(alice).inputValue()).to.equal('');
    await openConversation(alice, 'Everyone');
    await openConversation(alice, bob.username);
    expect(await composer(alice).inputValue()).to.equal('');
    expect(await draftKeys(alice)).to.have.length(1);
  });

  it('clears every draft on logout', async () => {
    expect(await draftKeys(alice)).to.have.length(1);
    await Promise.all([
      alice.page.waitForURL(/\/login|\/$/),
      alice.page.getByRole('button', { name: 'Log out' }).first().click(),
    ]);
    expect(await draftKeys(alice)).to.deep.equal([]);
  });
});
