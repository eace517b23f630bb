import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { StoreUnavailableError } from '../../src/chat/errors';
import { requestDeadline } from '../../src/http/request-deadline';

describe('requestDeadline', () => {
  function appWith(route: express.RequestHandler) {
    const app = express();
    app.use(requestDeadline(100));
    app.get('/', route);
    app.use(((error, _req, res, _next) => {
      res.status(error instanceof StoreUnavailableError ? 503 : 500).send('deadline');
    }) as express.ErrorRequestHandler);
    return app;
  }

  it('answers 503 when a handler hangs past the deadline', async () => {
    const started = Date.now();
    await request(appWith(() => undefined))
      .get('/')
      .expect(503, 'deadline');
    expect(Date.now() - started).to.be.below(1000);
  });

  it('leaves a prompt answer alone', async () => {
    await request(appWith((_req, res) => void res.send('fine')))
      .get('/')
      .expect(200, 'fine');
  });

  it('drops the late answer of work that finishes after the deadline', async () => {
    const app = appWith((_req, res) => void setTimeout(() => res.headersSent || res.send('late'), 200));
    await request(app).get('/').expect(503, 'deadline');
  });
});
