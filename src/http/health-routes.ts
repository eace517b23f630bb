/**
 * GET /healthz for load balancers and orchestrators: 200 when the database and the session store
 * both answer in time, else 503 naming the one that did not.
 */
import { Router } from 'express';
import type { Logger } from 'pino';
import { withinDeadline, type HealthChecks } from '../chat/availability';

export const HEALTH_TIMEOUT_MS = 2000;

type Status = 'ok' | 'down';

export function healthRoutes({ checks, logger }: { checks: HealthChecks; logger: Logger }): Router {
  const router = Router();

  router.get('/healthz', async (_req, res) => {
    const [db, sessions] = await Promise.all([probe('db', checks.db, logger), probe('sessions', checks.sessions, logger)]);
    const healthy = db === 'ok' && sessions === 'ok';
    res
      .status(healthy ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: healthy ? 'ok' : 'unavailable', db, sessions });
  });

  return router;
}

async function probe(name: string, check: () => Promise<void>, logger: Logger): Promise<Status> {
  try {
    await withinDeadline(Promise.resolve().then(check), HEALTH_TIMEOUT_MS, name);
    return 'ok';
  } catch (error) {
    logger.warn({ err: error, backend: name }, 'health check failed');
    return 'down';
  }
}
