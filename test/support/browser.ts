/**
 * Real headless Chromium for the end-to-end tests, through playwright-core and the system's
 * browser (Debian's `chromium`; nothing downloads one). Each person gets their own browser
 * context (own cookies), with hooks that record any dialog, page error or console error, which
 * the XSS tests use to prove that nothing ran. `useBrowserStage` is a browser suite's set-up: a
 * server, a browser and people, opened before and closed after the suite (or each test).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { uniqueName } from './http';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';
import { within } from './waiting';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-output/screenshots');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export type Person = {
  username: string;
  password: string;
  context: BrowserContext;
  page: Page;
  /** Messages of dialogs that opened (each is dismissed at once). */
  dialogs: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  /** Every console message, for the XSS probe. */
  console: string[];
};

export type PersonOptions = {
  viewport?: { width: number; height: number };
  /** `dark` or `light`: what prefers-color-scheme reports. */
  colorScheme?: 'light' | 'dark';
  /** Lets a test inject a script tag (the axe-core audit) despite the site's CSP. */
  bypassCSP?: boolean;
};

/** A fresh context and page for `username`; nothing is loaded yet. */
export async function newPerson(
  browser: Browser,
  username: string,
  password = 'correct horse battery',
  options: PersonOptions = {},
): Promise<Person> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1200, height: 800 },
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    ...(options.bypassCSP ? { bypassCSP: true } : {}),
  });
  const page = await context.newPage();
  const person: Person = { username, password, context, page, dialogs: [], errors: [], console: [] };
  page.on('dialog', (dialog) => {
    person.dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => person.errors.push(error.message));
  page.on('console', (message) => {
    person.console.push(message.text());
    if (message.type() === 'error') person.errors.push(message.text());
  });
  return person;
}

/** Signs up through the form and waits for the chat page to be connected. */
export async function register(person: Person, baseUrl: string): Promise<void> {
  const { page } = person;
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('Username').fill(person.username);
  await page.getByLabel('Password').fill(person.password);
  await Promise.all([page.waitForURL(`${baseUrl}/io`), page.getByRole('button', { name: 'Create account' }).click()]);
  await waitUntilOnline(page);
}

/** Signs in through the form and waits for the chat page to be connected. */
export async function login(person: Person, baseUrl: string): Promise<void> {
  const { page } = person;
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(person.username);
  await page.getByLabel('Password').fill(person.password);
  await Promise.all([page.waitForURL(`${baseUrl}/io`), page.getByRole('button', { name: 'Sign in' }).click()]);
  await waitUntilOnline(page);
}

export async function waitUntilOnline(page: Page, timeout = 15_000): Promise<void> {
  await page.locator('#connection-state[data-state="connected"]').waitFor({ timeout });
  // The first channel list has arrived once Everyone is in the sidebar.
  await page.locator('#channel-list button', { hasText: 'Everyone' }).waitFor({ timeout });
}

/** Types into the composer and presses Enter, as a person would. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('Message', { exact: true });
  await input.fill(text);
  await input.press('Enter');
}

/** The texts of the stored messages shown in the open conversation, oldest first. */
export function shownMessages(page: Page): Promise<string[]> {
  return page.locator('#message-list li.message:not(.outgoing) .message-body').allInnerTexts();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function closeAll(people: readonly Person[]): Promise<void> {
  await Promise.all(people.map((person) => person.context.close().catch(() => undefined)));
}

let warned = false;

/**
 * `describe` when Chromium is installed, else `describe.skip` with one clear message: the browser
 * suites are then reported as pending instead of failing on a machine without a browser.
 */
export function describeInBrowser(title: string, body: (this: Mocha.Suite) => void): void {
  if (chromiumAvailable()) {
    describe(title, body);
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH).`);
  }
  describe.skip(`${title} (skipped: no Chromium at ${CHROMIUM_PATH})`, body);
}

/**
 * The sidebar entry of a conversation, by the exact name it shows (previews may mention other
 * names): `Everyone`, a person's name, or a room's bare name (its `#` is the avatar, not the text).
 */
export function conversationEntry(page: Page, title: string) {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .locator('#channel-list button')
    .filter({ has: page.locator('.channel-name', { hasText: new RegExp(`^${escaped}$`) }) });
}

export type StageOptions = {
  /** The server's options, or a function read when the stage opens (after the suite's earlier hooks). */
  app?: TestAppOptions | (() => TestAppOptions);
  /** A fresh server, browser and people for each test (beforeEach/afterEach) instead of one per suite. */
  eachTest?: boolean;
  /** Warn instead of failing the hook when the server does not stop cleanly within 20 s. */
  warnOnStopFailure?: boolean;
};

/** What a browser suite runs against; `app` and `browser` throw outside the tests and their hooks. */
export type BrowserStage = {
  readonly app: TestApp;
  readonly browser: Browser;
  /** Everyone opened on the stage and not gone: closed with the stage. */
  readonly people: Person[];
  /** A fresh person on the stage's browser, with nothing loaded yet. */
  person(username: string, options?: PersonOptions & { password?: string }): Promise<Person>;
  /** A fresh person, signed up through the forms and connected. */
  registered(username: string): Promise<Person>;
  /** Two fresh people named `uniqueName(prefix)`, signed up in turn: the first is online when the second arrives. */
  registeredPair(prefixes: readonly [string, string]): Promise<[Person, Person]>;
  /** Closes a person's context before the stage ends and forgets them. */
  leave(person: Person): Promise<void>;
  /** The server the suite now runs on (restart tests replace it), stopped with the stage; or none. */
  setApp(app: TestApp | undefined): void;
};

/**
 * Registers the hooks that open a server (createTestApp) and launch Chromium, then close every
 * person, the browser and the server (its stop bounded to 20 s). Mocha runs hooks in the order
 * they are written: call this first in a `describeInBrowser` body, so the suite's own `before`
 * hooks find the stage open; an `after` hook that must run before the stage closes (a socket to
 * end while the server is up) goes above the call.
 */
export function useBrowserStage(options: StageOptions = {}): BrowserStage {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  const people: Person[] = [];
  const stage: BrowserStage = {
    get app() {
      if (!app) throw new Error('no server on the stage');
      return app;
    },
    get browser() {
      if (!browser) throw new Error('no browser on the stage');
      return browser;
    },
    people,
    async person(username, { password, ...personOptions } = {}) {
      const person = await newPerson(stage.browser, username, password, personOptions);
      people.push(person);
      return person;
    },
    async registered(username) {
      const person = await stage.person(username);
      await register(person, stage.app.url);
      return person;
    },
    async registeredPair([first, second]) {
      const firstPerson = await stage.registered(uniqueName(first));
      return [firstPerson, await stage.registered(uniqueName(second))];
    },
    async leave(person) {
      const index = people.indexOf(person);
      if (index >= 0) people.splice(index, 1);
      await person.context.close();
    },
    setApp(next) {
      app = next;
    },
  };
  const open = async (): Promise<void> => {
    app = await createTestApp(typeof options.app === 'function' ? options.app() : options.app);
    browser = await launchBrowser();
  };
  const close = async (): Promise<void> => {
    await closeAll(people.splice(0));
    await browser?.close();
    browser = undefined;
    const stopping = app;
    app = undefined;
    if (!stopping) return;
    const stopped = within(20_000, 'stopping the server after the test', stopping.stop());
    if (options.warnOnStopFailure) await stopped.catch((error: unknown) => console.warn(String(error)));
    else await stopped;
  };
  if (options.eachTest) {
    beforeEach(open);
    afterEach(close);
  } else {
    before(open);
    after(close);
  }
  return stage;
}

/** Fails each test of the suite after which anyone on the stage had a page error: any uncaught error in a page is a bug. */
export function failOnPageErrors(stage: BrowserStage): void {
  afterEach(() => {
    for (const person of stage.people) expect(person.errors, `${person.username}'s page errors`).to.deep.equal([]);
  });
}
