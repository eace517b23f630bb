/**
 * One structured log line per request: method, path, status and duration. Headers, query strings
 * and bodies are never logged, so cookies, session ids and passwords cannot leak into the logs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

type SerializedRequest = { id?: unknown; method?: string; url?: string; remoteAddress?: string };

export function createRequestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => {
      if (res.statusCode === 503) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      return 'info';
    },
    serializers: {
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        path: req.url?.split('?')[0],
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // Belt and braces: should a header ever reach a log line, these never do.
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    customSuccessMessage: (req, res, responseTime) =>
      `${req.method} ${req.url?.split('?')[0]} ${res.statusCode} ${responseTime}ms`,
  });
}
