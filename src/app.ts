/**
 * createApp wires the HTTP app and the Socket.IO server onto one http.Server. It never listens and
 * never reads process.env: main.ts and the tests hand it everything.
 */
import http from 'node:http';
import type { Store as SessionStore } from 'express-session';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Accounts } from './chat/accounts';
import type { Attachments } from './chat/attachments';
import type { HealthChecks } from './chat/availability';
import type { SessionIndex } from './chat/ports';
import type { Engine } from './chat/engine';
import type { Metrics } from './chat/metrics';
import type { Config } from './config';
import { createHttpApp } from './http/create-http-app';
import type { MetricsEndpoint } from './http/metrics-routes';
import { createRealtime, type Realtime } from './realtime/create-realtime';

export type AppDeps = {
  config: Config;
  logger: Logger;
  engine: Engine;
  accounts: Accounts;
  attachments: Attachments;
  sessionStore: SessionStore;
  sessionIndex: SessionIndex;
  /** Set when REDIS_URL is: shared rate limits and the Socket.IO adapter use it. */
  redis: Redis | undefined;
  redisPrefix: string;
  checks: HealthChecks;
  metrics: Metrics;
  /** Set when GET /metrics is served on this port. */
  metricsEndpoint: MetricsEndpoint | undefined;
};

export type App = {
  app: ReturnType<typeof createHttpApp>['app'];
  httpServer: http.Server;
  realtime: Realtime;
  /** Stops accepting, closes every socket and the HTTP server. Stores are closed by the caller. */
  close(): Promise<void>;
};

export function createApp(deps: AppDeps): App {
  const httpServer = http.createServer();
  const { app, sessionMiddleware } = createHttpApp({
    ...deps,
    // Logout ends the session's sockets on every process (through the adapter when there are several).
    // Called on requests only, after `realtime` below exists.
    onSessionEnded: (sessionId) => realtime.disconnectSession(sessionId),
  });
  httpServer.on('request', app);
  const realtime: Realtime = createRealtime({ ...deps, httpServer, sessionMiddleware });
  return {
    app,
    httpServer,
    realtime,
    async close() {
      // No new connections while the sockets are handed over (clients reconnect elsewhere).
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await realtime.close(); // ends every connection, the HTTP ones included
      await closed;
    },
  };
}
