/**
 * The reaction picker beyond the basics of reactions-mentions.test.ts: skin tones (a choice in the
 * picker, remembered in this browser, applied to the emoji that have tones in the frequent row,
 * the list and its search, and to no others; a toned reaction is taken by the server like any
 * other), and its place on the screen once the full list has loaded.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { describeInBrowser, screenshot, sendMessage, useBrowserStage, type Person, failOnPageErrors } from '../support/browser';
import type { EmojiEntry } from '../../src/client/emoji/emoji-search';
import { SKIN_TONES, withSkinTone } from '../../src/client/emoji/skin-tones';
import { isSingleEmoji } from '../../src/shared/emoji';
import { uniqueName } from '../support/http';

function messageRow(page: Page, text: string) {
  return page.locator('#message-list li.message[data-id]').filter({ has: page.locator('.message-body', { hasText: text }) });
}

async function openPicker(page: Page, text: string) {
  const row = messageRow(page, text);
  await row.hover();
  await row.getByRole('button', { name: 'React', exact: true }).click();
  const picker = page.getByRole('dialog', { name: 'Choose a reaction' });
  await picker.getByRole('group', { name: 'All emoji' }).getByRole('button').first().waitFor();
  return picker;
}

describeInBrowser('The reaction picker in Chromium', function () {
  this.timeout(60_000);
  const stage = useBrowserStage();
  let alice: Person;
  const text = `Skin tones ${uniqueName('run')}`;

  before(async () => {
    alice = await stage.registered(uniqueName('alice'));
    await sendMessage(alice.page, text);
    await messageRow(alice.page, text).waitFor();
  });

  failOnPageErrors(stage);

  it('stays inside the window once the full list has loaded, opened from the last message', async () => {
    const picker = await openPicker(alice.page, text);
    const box = await picker.boundingBox();
    const viewport = alice.page.viewportSize();
    expect(box && viewport && box.y + box.height).to.be.at.most(viewport?.height ?? 0);
    await alice.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
  });

  it('serves the tones of every emoji that has them, each tone one reaction the server takes', async () => {
    const response = await fetch(`${stage.app.url}/js/emoji-data.js`);
    expect(response.status).to.equal(200);
    // Without its source map comment, which would point nowhere from a data: URL.
    const source = (await response.text()).replace(/\/\/# sourceMappingURL=.*$/m, '');
    const data: unknown = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
    const list = (data as { EMOJI: EmojiEntry[] }).EMOJI; // the module emoji-data.ts builds
    const toned = list.filter((entry) => entry.skin !== undefined);
    expect(toned.length).to.be.above(300);
    for (const entry of toned) {
      for (const { tone } of SKIN_TONES) expect(isSingleEmoji(withSkinTone(entry, tone)), entry.name).to.equal(true);
    }
    expect(list.find((entry) => entry.name === 'grinning face')).not.to.have.property('skin');
  });

  it('applies the chosen tone to the emoji that have one, and reacts with it', async () => {
    const picker = await openPicker(alice.page, text);
    const tone = picker.getByRole('combobox', { name: 'Skin tone' });
    expect(await tone.inputValue()).to.equal('0');
    await tone.selectOption({ label: '✋🏽 Medium' });
    const frequent = picker.getByRole('group', { name: 'Frequently used' });
    expect(await frequent.getByRole('button', { name: '👍🏽', exact: true }).count()).to.equal(1);
    expect(await frequent.getByRole('button', { name: '🎉', exact: true }).count()).to.equal(1);

    const search = picker.getByRole('searchbox', { name: 'Search emoji' });
    const all = picker.getByRole('group', { name: 'All emoji' });
    await search.fill('waving hand');
    expect(await all.getByRole('button').first().innerText()).to.equal('👋🏽');
    await search.fill('people holding hands');
    expect(await all.getByRole('button').first().innerText()).to.equal('🧑🏽‍🤝‍🧑🏽');
    await search.fill('grinning face');
    expect(await all.getByRole('button').first().innerText()).to.equal('😀');
    await search.fill('');
    await screenshot(alice.page, 'reaction-picker-skin-tone');

    await search.fill('thumbs up');
    await search.press('Enter');
    await messageRow(alice.page, text).getByRole('button', { name: '👍🏽 1' }).waitFor();
  });

  it('remembers the tone after a reload, and Default goes back to no tone', async () => {
    await alice.page.reload();
    await messageRow(alice.page, text).waitFor();
    const picker = await openPicker(alice.page, text);
    const tone = picker.getByRole('combobox', { name: 'Skin tone' });
    expect(await tone.inputValue()).to.equal('3');
    expect(await picker.getByRole('group', { name: 'Frequently used' }).getByRole('button').first().innerText()).to.equal('👍🏽');
    await tone.selectOption({ label: '✋ Default' });
    await picker.getByRole('group', { name: 'Frequently used' }).getByRole('button', { name: '👍', exact: true }).click();
    await messageRow(alice.page, text).getByRole('button', { name: '👍 1' }).waitFor();
  });
});
