/**
 * The Content-Security-Policy, checked where it acts: in Chromium. Every page carries it, the
 * site's own scripts run under it (the chat connects), and script that an attacker manages to
 * inject into the page (a script element, an inline handler, eval) does not run: the browser
 * reports a `securitypolicyviolation` instead.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import { signUp } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';
import { describeInBrowser, register, useBrowserStage, type Person } from '../support/browser';

type Violation = { directive: string; blocked: string };

/** Starts recording CSP violations before any page script runs; read them with `violations`. */
async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string }[] = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }),
    );
  });
}

function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? []);
}

/** Reads a flag an injected script would set; undefined means it never ran. */
function flag(page: Page, name: string): Promise<unknown> {
  return page.evaluate((key) => (window as unknown as Record<string, unknown>)[key], name);
}

function parsePolicy(header: string | undefined): Map<string, string[]> {
  const policy = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), values);
  }
  return policy;
}

describe('Content-Security-Policy header', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.stop());

  it('is sent on /io, /login and /register, allowing only the site’s own scripts', async () => {
    const user = await signUp(app.url);
    const pages = [
      await user.agent.get('/io').expect(200),
      await supertest(app.url).get('/login'),
      await supertest(app.url).get('/register'),
    ];
    for (const response of pages) {
      const policy = parsePolicy(response.headers['content-security-policy']);
      expect(policy.get('script-src'), response.request.url).to.deep.equal(["'self'"]);
      expect(policy.get('script-src-attr')).to.deep.equal(["'none'"]);
      expect(policy.get('object-src')).to.deep.equal(["'none'"]);
      expect(policy.get('frame-ancestors')).to.deep.equal(["'none'"]);
      expect(policy.get('base-uri')).to.deep.equal(["'self'"]);
      const everything = [...policy.values()].flat().join(' ');
      expect(everything).not.to.match(/unsafe-inline|unsafe-eval|\*|data:.*script/);
    }
  });
});

describeInBrowser('Content-Security-Policy in Chromium', function () {
  this.timeout(60_000);
  const stage = useBrowserStage();
  let person: Person;

  before(async () => {
    person = await stage.person(`csp_${Date.now().toString(36)}`);
    await watchViolations(person.page);
    await register(person, stage.app.url); // the page's own scripts ran: it is connected
  });

  it('runs the site’s own scripts without a single violation', async () => {
    expect(person.page.url()).to.equal(`${stage.app.url}/io`);
    expect(await violations(person.page)).to.deep.equal([]);
  });

  it('blocks an injected inline <script> (addScriptTag)', async () => {
    const outcome = await person.page.addScriptTag({ content: 'window.__injectedTag = true;' }).then(
      () => 'added',
      (error: Error) => error.message,
    );
    expect(await flag(person.page, '__injectedTag'), `addScriptTag: ${outcome}`).to.equal(undefined);
    expect((await violations(person.page)).map((v) => v.directive)).to.include('script-src-elem');
  });

  it('blocks a script element and an inline handler written into the DOM', async () => {
    await person.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injectedElement = true;';
      document.body.append(script);
      document.body.insertAdjacentHTML('beforeend', '<img id="csp-probe" src="data:," onload="window.__injectedHandler = true">');
    });
    await person.page.waitForTimeout(300);
    expect(await flag(person.page, '__injectedElement')).to.equal(undefined);
    expect(await flag(person.page, '__injectedHandler')).to.equal(undefined);
    const directives = (await violations(person.page)).map((v) => v.directive);
    expect(directives).to.include('script-src-attr');
  });

  it('refuses code from strings (a string timer, as injected markup would use)', async () => {
    // Code that DevTools evaluates is exempt from CSP, so eval is tried the way a page would: a
    // string handed to setTimeout is compiled later, by the page, under its policy.
    await person.page.evaluate(() => {
      (window as unknown as { setTimeout: (code: string, ms: number) => number }).setTimeout('window.__fromString = true', 0);
    });
    await person.page.waitForTimeout(300);
    expect(await flag(person.page, '__fromString')).to.equal(undefined);
    expect((await violations(person.page)).map((v) => v.blocked)).to.include('eval');
  });

  it('refuses a script from another origin', async () => {
    await person.page.evaluate(() => {
      const script = document.createElement('script');
      script.src = 'http://127.0.0.2:9/evil.js';
      document.body.append(script);
    });
    await person.page.waitForTimeout(300);
    const blocked = (await violations(person.page)).filter((v) => v.blocked.includes('evil.js'));
    expect(blocked.map((v) => v.directive)).to.deep.equal(['script-src-elem']);
  });
});
