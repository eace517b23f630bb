/**
 * GET /metrics for Prometheus: the text exposition format, never cached. With a token configured
 * it answers only a request carrying `Authorization: Bearer <token>` (401 otherwise); the token is
 * compared in constant time, as digests of equal length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';

export type MetricsText = { contentType: string; body: string };

export type MetricsEndpoint = {
  /** Required as a bearer token when set (METRICS_TOKEN). */
  token: string | undefined;
  /** This process's metrics, or the cluster's summed over its workers. */
  read(): Promise<MetricsText>;
};

const digest = (text: string) => createHash('sha256').update(text).digest();

export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

export function metricsRoutes({ token, read }: MetricsEndpoint): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (token !== undefined && !bearerMatches(req.get('authorization'), token)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"').status(401).type('text').send('A metrics token is required.\n');
      return;
    }
    const { contentType, body } = await read();
    res.type(contentType).send(body);
  });
  return router;
}
