/**
 * Attachments in real headless Chromium: a file chosen with the `Attach files` button, an image
 * pasted, files dropped on the conversation; the preview row before sending; the other person
 * seeing images inline (alt = file name, loaded under the CSP) and other files as links; and a file
 * too large refused in words, by the page and by the server.
 */
import { expect } from 'chai';
import type { Page, Route } from 'playwright-core';
import { uniqueName } from '../support/http';
import { describeInBrowser, screenshot, useBrowserStage, type Person, failOnPageErrors } from '../support/browser';
import { PNG_1X1 } from '../support/uploads';

const composer = (page: Page) => page.getByLabel('Message', { exact: true });
const shownImage = (page: Page, name: string) => page.locator(`#message-list li.message img[alt="${name}"]`);

/** Fires a paste (or a drop) carrying `files` at the element, as the browser does for a screenshot. */
async function deliverFiles(
  page: Page,
  kind: 'paste' | 'drop',
  selector: string,
  files: { name: string; type: string; base64: string }[],
) {
  await page.evaluate(
    ({ kind, selector, files }) => {
      const transfer = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      const target = document.querySelector(selector);
      if (!target) throw new Error(`no ${selector}`);
      const event =
        kind === 'paste'
          ? new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
          : new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
    },
    { kind, selector, files },
  );
}

async function imageLoaded(page: Page, name: string): Promise<boolean> {
  const image = shownImage(page, name).first();
  await image.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (alt) => {
      const found = document.querySelector<HTMLImageElement>(`#message-list img[alt="${alt}"]`);
      return found !== null && found.complete && found.naturalWidth > 0;
    },
    name,
    { timeout: 10_000 },
  );
  return true;
}

describeInBrowser('Attachments in Chromium', function () {
  this.timeout(60_000);
  const stage = useBrowserStage();
  let alice: Person;
  let bob: Person;

  before(async () => {
    [alice, bob] = await stage.registeredPair(['alice', 'bob']);
  });

  failOnPageErrors(stage);

  it('attaches an image with the button, shows it in the preview row, and the other person sees it inline', async () => {
    const name = `photo-${uniqueName('p')}.png`;
    await alice.page.getByLabel('Attach files').setInputFiles({ name, mimeType: 'image/png', buffer: PNG_1X1 });
    const item = alice.page.locator('#attachment-tray li', { hasText: name });
    await item.waitFor();
    expect(await item.innerText()).to.include(`${PNG_1X1.length} bytes`);
    await item.locator('text=Ready').waitFor();
    await composer(alice.page).press('Enter'); // no text: the file alone is the message

    await shownImage(bob.page, name).waitFor();
    expect(await imageLoaded(bob.page, name)).to.equal(true);
    const image = shownImage(bob.page, name);
    expect(await image.getAttribute('loading')).to.equal('lazy');
    const link = bob.page.locator('#message-list a.attachment-image', { has: bob.page.locator(`img[alt="${name}"]`) });
    expect(await link.getAttribute('target')).to.equal('_blank');
    expect(await alice.page.locator('#attachment-tray').isHidden()).to.equal(true);
  });

  it('sends text with a pasted image', async () => {
    const name = `shot-${uniqueName('s')}.png`;
    await composer(alice.page).click();
    await deliverFiles(alice.page, 'paste', '#message-input', [{ name, type: 'image/png', base64: PNG_1X1.toString('base64') }]);
    await alice.page.locator('#attachment-tray li', { hasText: name }).locator('text=Ready').waitFor();
    await composer(alice.page).fill('look at this');
    await composer(alice.page).press('Enter');
    const row = bob.page.locator('#message-list li.message', { hasText: 'look at this' });
    await row.locator(`img[alt="${name}"]`).waitFor();
    expect(await imageLoaded(bob.page, name)).to.equal(true);
  });

  it('sends at once after choosing a file: the message waits for the upload, then goes', async () => {
    const name = `report-${uniqueName('r')}.bin`;
    // The upload is held back, so Enter surely comes before it is done.
    const slow = async (route: Route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    };
    await alice.page.route('**/attachments', slow);
    await alice.page
      .getByLabel('Attach files')
      .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.alloc(600_000, 7) });
    await composer(alice.page).fill('the report');
    await composer(alice.page).press('Enter');
    await alice.page.locator('#composer-status', { hasText: 'Sending as soon as the files are uploaded' }).waitFor();
    const link = bob.page
      .locator('#message-list li.message', { hasText: 'the report' })
      .locator('a.attachment-file', { hasText: name });
    await link.waitFor();
    expect(await link.innerText()).to.include('586 KB');
    await alice.page.unroute('**/attachments', slow);
  });

  it('takes files dropped on the conversation; other files are links with name and size; each is removable', async () => {
    const notes = `notes-${uniqueName('n')}.txt`;
    await deliverFiles(alice.page, 'drop', '#message-scroller', [
      { name: notes, type: 'text/plain', base64: Buffer.from('hello world').toString('base64') },
      { name: 'unwanted.png', type: 'image/png', base64: PNG_1X1.toString('base64') },
    ]);
    await alice.page.locator('#attachment-tray li', { hasText: notes }).locator('text=Ready').waitFor();
    await alice.page.getByRole('button', { name: 'Remove unwanted.png' }).click();
    expect(await alice.page.locator('#attachment-tray li').count()).to.equal(1);
    await composer(alice.page).press('Enter');
    const link = bob.page.locator('#message-list a.attachment-file', { hasText: notes });
    await link.waitFor();
    expect(await link.innerText()).to.include('11 bytes');
    expect(await bob.page.locator('#message-list img[alt="unwanted.png"]').count()).to.equal(0);
    await screenshot(bob.page, 'attachments-received');
  });
});

describeInBrowser('Attachments in Chromium: a file too large', function () {
  this.timeout(60_000);
  const stage = useBrowserStage({ app: { env: { UPLOAD_MAX_BYTES: '2048' } } });
  let alice: Person;

  before(async () => {
    alice = await stage.registered(uniqueName('alice'));
  });

  it('is refused by the page at once, saying why in words', async () => {
    await alice.page
      .getByLabel('Attach files')
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.alloc(5000, 1) });
    await alice.page.locator('#composer-status', { hasText: 'photo.png is larger than 2 KB.' }).waitFor();
    await alice.page.locator('#attachment-tray li', { hasText: 'photo.png is larger than 2 KB.' }).waitFor();
    await screenshot(alice.page, 'attachments-too-large');
    expect(alice.errors).to.deep.equal([]);
  });

  it('is refused by the server too when the page did not know the limit', async () => {
    await alice.page.getByRole('button', { name: 'Remove photo.png' }).click();
    // The chat page without its <meta name="upload-max-bytes">: only the server's 413 can say no.
    await alice.page.route('**/io', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<meta name="upload-max-bytes"[^>]*>/, '');
      await route.fulfill({ response, body: html });
    });
    await alice.page.reload();
    await alice.page.locator('#connection-state[data-state="connected"]').waitFor();
    expect(await alice.page.locator('meta[name="upload-max-bytes"]').count()).to.equal(0);
    await alice.page
      .getByLabel('Attach files')
      .setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(50_000, 1) });
    await alice.page.locator('#composer-status', { hasText: 'big.bin is larger than 2 KB.' }).waitFor();
  });
});
