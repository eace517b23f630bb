import { expect } from 'chai';
import supertest from 'supertest';
import { csrfFrom, signUp } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Pages and headers', () => {
  let app: TestApp;

  before(async () => {
    app = await createTestApp();
  });

  after(() => app.stop());

  describe('security headers', () => {
    it('send a Content-Security-Policy allowing only the site’s own scripts and styles', async () => {
      const response = await supertest(app.url).get('/login').expect(200);
      const csp = String(response.headers['content-security-policy']);
      const directives = new Map(
        csp.split(';').map((directive) => {
          const [name = '', ...values] = directive.trim().split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
      );
      expect(directives.get('default-src')).to.equal("'self'");
      expect(directives.get('script-src')).to.equal("'self'");
      expect(directives.get('style-src')).to.equal("'self'");
      expect(directives.get('connect-src')).to.equal("'self'");
      expect(directives.get('img-src')).to.equal("'self' data:");
      expect(directives.get('object-src')).to.equal("'none'");
      expect(csp).not.to.include('unsafe-inline');
      expect(csp).not.to.include('unsafe-eval');
      expect(csp).not.to.include('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).to.equal('nosniff');
      expect(response.headers['x-powered-by']).to.equal(undefined);
    });

    it('hold for the chat page too', async () => {
      const user = await signUp(app.url);
      const response = await user.agent.get('/io').expect(200);
      expect(String(response.headers['content-security-policy'])).to.include("script-src 'self'");
    });
  });

  describe('the HTML', () => {
    for (const path of ['/login', '/register', '/no-such-page']) {
      it(`of ${path} has no inline script or style`, async () => {
        const response = await supertest(app.url).get(path);
        expect(response.text).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/i);
        expect(response.text).not.to.match(/\sstyle=/i);
        expect(response.text).not.to.match(/\son[a-z]+=/i);
        expect(response.text).to.include('<link rel="stylesheet" href="/css/site.css">');
      });
    }
  });

  describe('static files', () => {
    it('serves the stylesheet with revalidation headers', async () => {
      const response = await supertest(app.url).get('/css/site.css').expect(200).expect('Content-Type', /css/);
      expect(response.headers['cache-control']).to.equal('public, max-age=0, must-revalidate');
      expect(response.headers.etag).to.be.a('string');
    });

    it('does not serve files outside public/', async () => {
      await supertest(app.url).get('/../package.json').expect(404);
      await supertest(app.url).get('/%2e%2e/package.json').expect(404);
    });
  });

  describe('errors', () => {
    it('answer an unknown page with a 404 page', async () => {
      const response = await supertest(app.url).get('/no-such-page').expect(404).expect('Content-Type', /html/);
      expect(response.text).to.include('Page not found');
    });

    it('answer JSON to a client that asks for JSON', async () => {
      const response = await supertest(app.url).get('/no-such-page').set('Accept', 'application/json').expect(404);
      expect(response.body).to.deep.equal({ error: { status: 404, message: 'There is nothing at this address.' } });
    });

    it('answer an oversized body with 413', async () => {
      const agent = supertest.agent(app.url);
      const page = await agent.get('/register').expect(200);
      const response = await agent
        .post('/register')
        .type('form')
        .send({ username: 'a', password: 'b'.repeat(20_000), _csrf: csrfFrom(page.text) });
      expect(response.status).to.equal(413);
    });

    it('answer malformed JSON with 400', async () => {
      const response = await supertest(app.url).post('/login').type('json').send('{"username": ');
      expect(response.status).to.equal(400);
    });

    it('answer too many form fields with 413, not a crash', async () => {
      const body = Array.from({ length: 100 }, (_, i) => `f${i}=x`).join('&');
      const response = await supertest(app.url).post('/login').type('form').send(body);
      expect(response.status).to.equal(413);
    });

    it('show the CSRF refusal as a 403 page', async () => {
      const response = await supertest(app.url).post('/register').type('form').send({ username: 'x', password: 'y' });
      expect(response.status).to.equal(403);
      expect(response.text).to.include('Form expired');
    });
  });

  describe('GET /healthz', () => {
    it('answers 200 {"status":"ok","db":"ok","sessions":"ok"}', async () => {
      const response = await supertest(app.url).get('/healthz').expect(200).expect('Content-Type', /json/);
      expect(response.body).to.deep.equal({ status: 'ok', db: 'ok', sessions: 'ok' });
    });

    it('answers 503 naming the database once the stores are closed', async () => {
      const broken = await createTestApp();
      try {
        await broken.stores.close();
        const response = await supertest(broken.url).get('/healthz').expect(503);
        expect(response.body.status).to.equal('unavailable');
        expect(response.body.db).to.equal('down');
      } finally {
        await broken.close();
        await broken.engine.close();
      }
    });
  });
});
