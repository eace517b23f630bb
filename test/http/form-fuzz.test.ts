import { expect } from 'chai';
import fc from 'fast-check';
import supertest from 'supertest';
import { csrfFrom } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';

/** What a form may answer to anything at all; never a 5xx. */
const EXPECTED = [303, 400, 401, 403, 409, 413, 422, 429];
const RUNS = 60;

const keys = fc.oneof(
  fc.constantFrom('username', 'password', '_csrf', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
  fc.string({ maxLength: 12 }),
);

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'a'.repeat(73), "' OR 1=1 --", '<script>x</script>', '%00', '😀'.repeat(19)),
);

/** A JSON body: the two fields as anything, plus stray keys. */
const jsonBody = fc.record({
  fields: fc.dictionary(keys, fc.oneof(text, fc.anything({ maxDepth: 3 })), { maxKeys: 6 }),
  username: fc.oneof(text, fc.anything({ maxDepth: 2 })),
  password: fc.oneof(text, fc.anything({ maxDepth: 2 })),
  tamper: fc.boolean(),
});

/** An urlencoded body: repeated and stray keys, any characters, and raw malformed escapes. */
const formBody = fc.record({
  pairs: fc.array(fc.tuple(keys, text), { maxLength: 8 }),
  garbage: fc.constantFrom('', '%', '%zz', '%ff%fe', '&&', '=', '==', 'a[b]=c', 'username[]=x', '%E0%A4%A'),
  tamper: fc.boolean(),
});

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD, as a browser would send them). */
function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

function prototypeIsClean(): boolean {
  return Object.keys(Object.prototype).length === 0 && ({} as Record<string, unknown>).username === undefined;
}

describe('Forms under random input', function () {
  this.timeout(120_000);
  let app: TestApp;

  before(async () => {
    app = await createTestApp();
  });

  after(() => app.stop());

  async function freshForm(path: string) {
    const agent = supertest.agent(app.url);
    const page = await agent.get(path).expect(200);
    return { agent, csrf: csrfFrom(page.text) };
  }

  for (const path of ['/register', '/login']) {
    it(`POST ${path} answers JSON bodies of any shape without a 5xx or polluted prototypes`, async () => {
      await fc.assert(
        fc.asyncProperty(jsonBody, async ({ fields, username, password, tamper }) => {
          const { agent, csrf } = await freshForm(path);
          const body = { ...fields, username, password, _csrf: tamper ? fields._csrf : csrf };
          const response = await agent.post(path).type('json').send(JSON.stringify(body));
          expect(EXPECTED, `${response.status} for ${JSON.stringify(body).slice(0, 200)}`).to.include(response.status);
          expect(prototypeIsClean()).to.equal(true);
        }),
        { numRuns: RUNS },
      );
    });

    it(`POST ${path} answers urlencoded bodies of any shape without a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(formBody, async ({ pairs, garbage, tamper }) => {
          const { agent, csrf } = await freshForm(path);
          const all = tamper ? pairs : [...pairs.filter(([key]) => key !== '_csrf'), ['_csrf', csrf] as const];
          const body = [...all.map(([key, value]) => `${encode(key)}=${encode(value)}`), garbage].join('&');
          const response = await agent.post(path).type('form').send(body);
          expect(EXPECTED, `${response.status} for ${body.slice(0, 200)}`).to.include(response.status);
          expect(prototypeIsClean()).to.equal(true);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('leaves the server healthy', async () => {
    await supertest(app.url).get('/healthz').expect(200);
  });
});
