/**
 * POST /attachments and GET of an attachment's url, every rule of the contract: who may upload
 * (401, 403 without the page's token), the size limit (413, nothing kept), the rate limit (429 with
 * Retry-After), the type from the bytes, the cleaned name, and who may fetch (404 for everyone else).
 * Runs on SQLite, or on MySQL + Redis when their URLs are set.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import supertest from 'supertest';
import type { SqlDatabase } from '../../src/store/sql/db';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';
import { GIF_HEAD, JPEG_HEAD, keptBy, openDatabaseOf, PNG_1X1, pageToken, upload, uploaded, WEBP_HEAD } from '../support/uploads';

describe('attachments over HTTP', function () {
  this.timeout(30_000);
  let app: TestApp;
  let database: SqlDatabase;

  before(async () => {
    app = await createTestApp({ env: { UPLOAD_MAX_BYTES: String(600 * 1024), UPLOAD_MAX_PER_MINUTE: '1000' } });
    database = openDatabaseOf(app);
  });
  after(async () => {
    await database?.close();
    await app?.stop();
  });

  const user = (base = 'user') => signUp(app.url, { username: uniqueName(base) });
  const fetchAs = (who: SignedIn | undefined, url: string) => (who ? who.agent.get(url) : supertest(app.url).get(url));
  const binary = (request: supertest.Test) =>
    request.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

  describe('POST /attachments', () => {
    it('answers 201 with the attachment: id, name, type from the bytes, size, a same-site url', async () => {
      const alice = await user('alice');
      const response = await upload(alice, PNG_1X1, 'dot.png');
      expect(response.status).to.equal(201);
      const { attachment } = response.body;
      expect(attachment).to.include({ name: 'dot.png', type: 'image/png', size: PNG_1X1.length });
      expect(attachment?.id).to.match(/^[A-Za-z0-9_-]+$/);
      expect(attachment?.url).to.equal(`/attachments/${attachment?.id}/dot.png`);
    });

    it('tells the four image types from their bytes, whatever the name or declared type', async () => {
      const alice = await user('alice');
      const cases: [Buffer, string, string][] = [
        [PNG_1X1, 'a.txt', 'image/png'],
        [JPEG_HEAD, 'b', 'image/jpeg'],
        [GIF_HEAD, 'c.png', 'image/gif'],
        [WEBP_HEAD, 'd.gif', 'image/webp'],
        [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'e.svg', 'application/octet-stream'],
        [Buffer.from('<html><script>alert(1)</script></html>'), 'f.png', 'application/octet-stream'],
      ];
      for (const [bytes, name, type] of cases) {
        const response = await upload(alice, bytes, name, { contentType: 'image/png' });
        expect(response.body.attachment?.type, name).to.equal(type);
      }
    });

    it('keeps the file’s own name: no path, no control characters, empty becomes "file"', async () => {
      const alice = await user('alice');
      expect((await uploaded(alice, PNG_1X1, 'C:\\Users\\me\\shot.png')).name).to.equal('shot.png');
      expect((await uploaded(alice, PNG_1X1, 'résumé 📎.pdf')).name).to.equal('résumé 📎.pdf');
      // Control characters can only arrive percent-encoded (RFC 5987), as a raw form would send them.
      const token = await pageToken(alice);
      const boundary = 'xyzzy';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''a%07b%1B%0Ac.txt\r\n\r\n`),
        PNG_1X1,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const raw = await alice.agent
        .post('/attachments')
        .set('X-CSRF-Token', token)
        .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
        .send(body);
      expect(raw.status).to.equal(201);
      expect((raw.body as { attachment: { name: string } }).attachment.name).to.equal('abc.txt');
      expect((await uploaded(alice, PNG_1X1, '\t')).name).to.equal('file');
      expect((await uploaded(alice, PNG_1X1, 'tab\there.png')).name).to.equal('tabhere.png');
      const long = `${'x'.repeat(300)}.png`;
      const name = (await uploaded(alice, PNG_1X1, long)).name;
      expect([...name]).to.have.length(255);
      expect(name.endsWith('.png')).to.equal(true);
    });

    it('answers 401 to a visitor who is not signed in, and keeps nothing', async () => {
      const response = await supertest(app.url)
        .post('/attachments')
        .set('Accept', 'application/json')
        .attach('file', PNG_1X1, 'a.png');
      expect(response.status).to.equal(401);
    });

    it('answers 403 without the page’s CSRF token, or with a wrong one, and keeps nothing', async () => {
      const alice = await user('alice');
      expect((await upload(alice, PNG_1X1, 'a.png', { token: null })).status).to.equal(403);
      expect((await upload(alice, PNG_1X1, 'a.png', { token: 'x'.repeat(64) })).status).to.equal(403);
      expect(await keptBy(database, alice.username)).to.deep.equal({ uploads: 0, chunks: 0 });
    });

    it('answers 413 past UPLOAD_MAX_BYTES, saying so in words, and keeps nothing; exactly the limit is fine', async () => {
      const alice = await user('alice');
      const max = app.config.uploadMaxBytes;
      const response = await upload(alice, randomBytes(max + 1), 'photo.png');
      expect(response.status).to.equal(413);
      expect(response.body.error?.message).to.equal('photo.png is larger than 600 KB.');
      const far = await upload(alice, randomBytes(max * 3), 'big.bin');
      expect(far.status).to.equal(413);
      expect(await keptBy(database, alice.username)).to.deep.equal({ uploads: 0, chunks: 0 });
      const exact = await uploaded(alice, randomBytes(max), 'exact.bin');
      expect(exact.size).to.equal(max);
    });

    it('answers 400 to a body that is not one file in "file", and keeps nothing', async () => {
      const alice = await user('alice');
      const token = await pageToken(alice);
      const post = () => alice.agent.post('/attachments').set('X-CSRF-Token', token).set('Accept', 'application/json');
      expect((await post().attach('other', PNG_1X1, 'a.png')).status).to.equal(400);
      expect((await post().field('file', 'text')).status).to.equal(400);
      expect((await post().attach('file', PNG_1X1, 'a.png').attach('file', PNG_1X1, 'b.png')).status).to.equal(400);
      expect((await post().type('json').send({ file: 'x' })).status).to.equal(400);
      expect(await keptBy(database, alice.username)).to.deep.equal({ uploads: 0, chunks: 0 });
    });
  });

  describe('GET an attachment', () => {
    it('serves the uploader the bytes with its type, nosniff, length, inline disposition and private caching', async () => {
      const alice = await user('alice');
      const attachment = await uploaded(alice, PNG_1X1, 'dot.png');
      const response = await binary(alice.agent.get(attachment.url));
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('image/png');
      expect(response.headers['x-content-type-options']).to.equal('nosniff');
      expect(response.headers['content-length']).to.equal(String(PNG_1X1.length));
      expect(response.headers['content-disposition']).to.equal('inline');
      expect(response.headers['cache-control']).to.equal('private');
      expect(Buffer.compare(response.body as Buffer, PNG_1X1)).to.equal(0);
    });

    it('serves any other file as a download with an RFC 6266 file name', async () => {
      const alice = await user('alice');
      const bytes = Buffer.from('<html><script>alert(1)</script></html>');
      const attachment = await uploaded(alice, bytes, 'naïve page%.html');
      const response = await binary(alice.agent.get(attachment.url));
      expect(response.headers['content-type']).to.equal('application/octet-stream');
      expect(response.headers['content-disposition']).to.equal(
        `attachment; filename="na_ve page_.html"; filename*=UTF-8''na%C3%AFve%20page%25.html`,
      );
    });

    it('sends large files whole, across many stored pieces, and answers byte ranges', async () => {
      const alice = await user('alice');
      const bytes = randomBytes(590 * 1024);
      const attachment = await uploaded(alice, bytes, 'big.bin');
      const whole = await binary(alice.agent.get(attachment.url));
      expect(Buffer.compare(whole.body as Buffer, bytes)).to.equal(0);
      const start = 256 * 1024 - 10;
      const part = await binary(alice.agent.get(attachment.url).set('Range', `bytes=${start}-${start + 99}`));
      expect(part.status).to.equal(206);
      expect(part.headers['content-range']).to.equal(`bytes ${start}-${start + 99}/${bytes.length}`);
      expect(Buffer.compare(part.body as Buffer, bytes.subarray(start, start + 100))).to.equal(0);
      const beyond = await alice.agent.get(attachment.url).set('Range', `bytes=${bytes.length + 5}-`);
      expect(beyond.status).to.equal(416);
    });

    it('answers 404, never 403, to anyone else, to visitors, and for unknown ids', async () => {
      const [alice, bob] = [await user('alice'), await user('bob')];
      const attachment = await uploaded(alice, PNG_1X1, 'dot.png');
      expect((await fetchAs(bob, attachment.url)).status).to.equal(404);
      expect((await fetchAs(undefined, attachment.url)).status).to.equal(404);
      expect((await fetchAs(alice, `/attachments/${'A'.repeat(22)}/dot.png`)).status).to.equal(404);
      expect((await fetchAs(alice, '/attachments/..%2F..%2Fetc/passwd')).status).to.equal(404);
    });
  });

  describe('the sweeper', () => {
    it('removes uploads never posted once they are older than the age given, bytes and all', async () => {
      const alice = await user('alice');
      const attachment = await uploaded(alice, randomBytes(300 * 1024), 'old.bin');
      await app.attachments.sweep(60_000);
      expect((await keptBy(database, alice.username)).uploads).to.equal(1);
      const stop = app.attachments.startSweeper({ intervalMs: 20, maxAgeMs: 0 });
      try {
        for (let i = 0; i < 100 && (await keptBy(database, alice.username)).uploads > 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        stop();
      }
      expect(await keptBy(database, alice.username)).to.deep.equal({ uploads: 0, chunks: 0 });
      expect((await fetchAs(alice, attachment.url)).status).to.equal(404);
    });
  });
});

describe('attachments: the upload rate limit', function () {
  this.timeout(20_000);
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ env: { UPLOAD_MAX_PER_MINUTE: '2' } });
  });
  after(() => app?.stop());

  it('answers 429 with Retry-After past UPLOAD_MAX_PER_MINUTE, per user', async () => {
    const alice = await signUp(app.url, { username: uniqueName('alice') });
    const bob = await signUp(app.url, { username: uniqueName('bob') });
    expect((await upload(alice, PNG_1X1, 'a.png')).status).to.equal(201);
    expect((await upload(alice, PNG_1X1, 'a.png')).status).to.equal(201);
    const refused = await upload(alice, PNG_1X1, 'a.png');
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
    expect((await upload(bob, PNG_1X1, 'b.png')).status).to.equal(201);
  });
});
