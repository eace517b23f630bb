/**
 * POST /attachments under random multipart bodies: truncated, with the wrong boundary, huge part
 * headers, many parts, many files, random bytes, and clients that go away mid-upload. Whatever
 * arrives, the answer is a 201 or a 4xx (never a 5xx or a crash), and nothing is kept but what a
 * 201 answered.
 */
import net from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import type { SqlDatabase } from '../../src/store/sql/db';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';
import { keptBy, openDatabaseOf, pageToken, PNG_1X1 } from '../support/uploads';

const MAX_BYTES = 4096;
const RUNS = 100;
const EXPECTED = [201, 400, 413];

type Part = { name: string; filename?: string; headerPadding: number; body: Uint8Array; type?: string };

const part: fc.Arbitrary<Part> = fc.record(
  {
    name: fc.oneof(
      { weight: 6, arbitrary: fc.constant('file') },
      { weight: 1, arbitrary: fc.constantFrom('other', '', 'FILE', 'file[]') },
      { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    ),
    filename: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('../../a.png', 'a"b.png', '', 'ü.png')),
    headerPadding: fc.oneof(
      { weight: 8, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
    ),
    body: fc.oneof(
      fc.constant(PNG_1X1 as Uint8Array),
      fc.uint8Array({ maxLength: 64 }),
      // Sizes around the limit and well past it (fast-check's arrays favour short ones).
      fc.integer({ min: MAX_BYTES - 8, max: MAX_BYTES * 4 }).map((size) => new Uint8Array(size).fill(size % 251)),
    ),
    type: fc.constantFrom('image/png', 'text/html', 'application/octet-stream'),
  },
  { requiredKeys: ['name', 'headerPadding', 'body'] },
);

const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const form = fc.record({
  boundary: fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{1,70}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/) },
  ),
  /** A Content-Type boundary other than the body's. */
  headerBoundary: sometimes(fc.stringMatching(/^[A-Za-z0-9-]{1,70}$/)),
  parts: fc.oneof(
    { weight: 3, arbitrary: fc.array(part, { minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(part, { minLength: 0, maxLength: 24 }) },
  ),
  /** Where the body is cut short. */
  cut: sometimes(fc.double({ min: 0, max: 1, noNaN: true })),
  closing: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  garbage: sometimes(fc.uint8Array({ maxLength: 300 })),
});

type Form = typeof form extends fc.Arbitrary<infer T> ? T : never;

function bodyOf(sample: Form): Buffer {
  const pieces: Buffer[] = [];
  for (const p of sample.parts) {
    let disposition = `Content-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) disposition += `; filename="${p.filename}"`;
    const headers = [disposition];
    if (p.type) headers.push(`Content-Type: ${p.type}`);
    if (p.headerPadding > 0) headers.push(`X-Padding: ${'x'.repeat(p.headerPadding)}`);
    pieces.push(Buffer.from(`--${sample.boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(p.body), Buffer.from('\r\n'));
  }
  if (sample.garbage) pieces.push(Buffer.from(sample.garbage));
  if (sample.closing) pieces.push(Buffer.from(`--${sample.boundary}--\r\n`));
  const whole = Buffer.concat(pieces);
  return sample.cut === undefined ? whole : whole.subarray(0, Math.floor(whole.length * sample.cut));
}

describe('POST /attachments under random multipart bodies', function () {
  this.timeout(180_000);
  let app: TestApp;
  let database: SqlDatabase;
  let alice: SignedIn;
  let token: string;

  before(async () => {
    app = await createTestApp({ env: { UPLOAD_MAX_BYTES: String(MAX_BYTES), UPLOAD_MAX_PER_MINUTE: '100000' } });
    database = openDatabaseOf(app);
    alice = await signUp(app.url, { username: uniqueName('fuzz') });
    token = await pageToken(alice);
  });
  after(async () => {
    await database?.close();
    await app?.stop();
  });

  it('answers 201 or a 4xx, never a 5xx, and keeps only what it answered 201', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(form, async (sample) => {
        const response = await alice.agent
          .post('/attachments')
          .set('X-CSRF-Token', token)
          .set('Accept', 'application/json')
          .set('Content-Type', `multipart/form-data; boundary="${sample.headerBoundary ?? sample.boundary}"`)
          .send(bodyOf(sample));
        expect(EXPECTED, `status ${response.status}: ${response.text.slice(0, 200)}`).to.include(response.status);
        if (response.status === 201) created++;
      }),
      { numRuns: RUNS },
    );
    expect(await keptBy(database, alice.username)).to.deep.include({ uploads: created });
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
  });

  it('keeps nothing of a file that follows a refused part in the same chunk', async () => {
    const carol = await signUp(app.url, { username: uniqueName('carol') });
    const carolToken = await pageToken(carol);
    const boundary = 'two-parts';
    const part = (name: string, filename: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n\r\nbytes\r\n`;
    const response = await carol.agent
      .post('/attachments')
      .set('X-CSRF-Token', carolToken)
      .set('Accept', 'application/json')
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(Buffer.from(`${part('other', 'a.bin')}${part('file', 'b.bin')}--${boundary}--\r\n`));
    expect(response.status).to.equal(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await keptBy(database, carol.username)).to.deep.equal({ uploads: 0, chunks: 0 });
  });

  it('keeps nothing of an upload whose client goes away half way', async () => {
    const bob = await signUp(app.url, { username: uniqueName('bob') });
    const bobToken = await pageToken(bob);
    const { port } = new URL(app.url);
    for (const sent of [10, 300, 3000]) {
      const boundary = 'cut-here';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n`);
      const socket = net.connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${bob.cookie}\r\nX-CSRF-Token: ${bobToken}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n`,
      );
      socket.write(Buffer.concat([head, Buffer.alloc(sent, 7)]));
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
    }
    await eventually(
      () => keptBy(database, bob.username),
      (kept) => kept.uploads === 0 && kept.chunks === 0,
      { timeoutMs: 5000, what: 'the interrupted uploads to be removed' },
    );
  });
});
