/**
 * A server restart with pages open: the pages show that they lost the connection, reconnect by
 * themselves to the new server on the same address, and catch up on what was said meanwhile,
 * with nothing missing and nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { logIn, uniqueName } from '../support/http';
import { connectAs, ok } from '../support/sockets';
import { createTestApp } from '../support/test-app';
import { eventually, within } from '../support/waiting';
import {
  conversationEntry,
  describeInBrowser,
  screenshot,
  sendMessage,
  shownMessages,
  useBrowserStage,
  type Person,
} from '../support/browser';

describeInBrowser('Chat page in Chromium: server restart', function () {
  this.timeout(90_000);
  // This test hung once in four CI runs (before each step was bounded) and not in 40 runs since:
  // one more try, from a fresh server, browser and users, with the first failure printed.
  this.retries(1);
  let dataDir: string;
  let redisPrefix: string;
  let frank: Person;
  let gina: Person;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'chat-e2e-restart-'));
    redisPrefix = `test:${randomUUID()}:`;
  });
  const stage = useBrowserStage({ app: () => ({ dataDir, redisPrefix }), eachTest: true, warnOnStopFailure: true });

  beforeEach(async () => {
    frank = await stage.registered(uniqueName('frank'));
    gina = await stage.registered(uniqueName('gina'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true })); // after the stage has stopped the server

  it('reconnects after a restart and catches up on the messages sent while it was away', async () => {
    await reportingFailure(() => reconnectsAndCatchesUp());
  });

  async function reconnectsAndCatchesUp(): Promise<void> {
    const first = stage.app;
    const port = Number(new URL(first.url).port);
    await frank.page.locator(`#user-list [data-username="${gina.username}"]`).click();
    await frank.page.locator('#conversation-title', { hasText: gina.username }).waitFor();
    await sendMessage(gina.page, `@${frank.username} before the restart`);
    await frank.page.locator('#message-list li.message', { hasText: 'before the restart' }).waitFor();

    await within(20_000, 'stopping the first server', first.stop());
    stage.setApp(undefined);
    await frank.page.locator('#banner', { hasText: 'Connection lost. Reconnecting…' }).waitFor({ timeout: 10_000 });
    await screenshot(frank.page, '11-reconnecting');
    await sendMessage(frank.page, 'typed while the server was down');
    await frank.page.locator('#message-list li.outgoing', { hasText: 'Waiting for the connection' }).waitFor();

    // While the address is dark, gina talks through another server on the same data.
    const side = await within(20_000, 'starting the side server', createTestApp({ dataDir, redisPrefix }));
    const signedIn = await within(
      20_000,
      'signing in on the side server',
      logIn(side.url, { username: gina.username, password: gina.password }),
    );
    const socket = await within(20_000, 'connecting to the side server', connectAs(side.url, signedIn.cookie));
    for (let n = 1; n <= 60; n++) await ok(socket, 'chatMessage', { to: frank.username, text: `missed ${n}` });
    await ok(socket, 'chatMessage', { to: null, text: 'missed in Everyone' });
    socket.close();
    await within(20_000, 'stopping the side server', side.stop());

    stage.setApp(await within(20_000, 'restarting on the same port', createTestApp({ dataDir, redisPrefix, port })));
    await frank.page.locator('#connection-state[data-state="connected"]').waitFor({ timeout: 20_000 });
    await frank.page.locator('#banner').waitFor({ state: 'hidden' });

    const expected = [
      'before the restart', // 60 missed: more than one catch-up page (50)
      ...Array.from({ length: 60 }, (_, index) => `missed ${index + 1}`),
      'typed while the server was down',
    ];
    const shown = await eventually(
      () => within(10_000, 'reading the page', shownMessages(frank.page)),
      (texts) => texts.length >= expected.length && texts.includes('typed while the server was down'),
      { timeoutMs: 15_000, what: 'the catch-up' },
    );
    expect(shown).to.deep.equal(expected);
    await conversationEntry(frank.page, 'Everyone').locator('.badge', { hasText: '1' }).waitFor();

    await gina.page.locator('#connection-state[data-state="connected"]').waitFor({ timeout: 20_000 });
    await conversationEntry(gina.page, frank.username).click();
    await gina.page.locator('#message-list li.message', { hasText: 'typed while the server was down' }).waitFor();
    await sendMessage(frank.page, 'and we are back');
    await gina.page.locator('#message-list li.message', { hasText: 'and we are back' }).waitFor();
    expect(await shownMessages(frank.page)).to.deep.equal([...expected, 'and we are back']);
    // Refused connections while the server was down are logged by Chromium; nothing else may be.
    const networkNoise = /ERR_CONNECTION_REFUSED|WebSocket connection to|Failed to load resource/;
    expect(frank.errors.concat(gina.errors).filter((line) => !networkNoise.test(line))).to.deep.equal([]);
  }
});

/** Prints a failure before rethrowing it: Mocha reports only the last try of a retried test. */
async function reportingFailure(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    console.warn(`server restart test: a try failed: ${String(error)}`);
    throw error;
  }
}
