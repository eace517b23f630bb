/**
 * The Express application: security headers, request logs, static files, health, sessions, CSRF,
 * the sign-up/sign-in pages, the account page and the chat page. It never listens; createApp mounts it on the shared
 * http.Server and hands `sessionMiddleware` (plain express-session) to Socket.IO.
 */
import express, { type Express, type RequestHandler } from 'express';
import type { Store as SessionStore } from 'express-session';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HealthChecks } from '../chat/availability';
import type { Accounts } from '../chat/accounts';
import type { Attachments } from '../chat/attachments';
import type { Engine } from '../chat/engine';
import { NO_METRICS, type Metrics } from '../chat/metrics';
import type { SessionIndex } from '../chat/ports';
import type { Config } from '../config';
import { PUBLIC_DIR, VIEWS_DIR } from '../paths';
import { LoginThrottle } from '../security/login-throttle';
import { RegisterLimit } from '../security/register-limit';
import { UploadLimit } from '../security/upload-limit';
import { attachmentRoutes } from './attachment-routes';
import { accountRoutes } from './account-routes';
import { createCsrf } from './csrf';
import { enforceSessionLifetime, loadAccount, type SessionEndedListener } from './current-account';
import { errorHandler, notFound } from './error-handler';
import { healthRoutes } from './health-routes';
import { loginRoutes } from './login-routes';
import { metricsRoutes, type MetricsEndpoint } from './metrics-routes';
import { pageRoutes } from './page-routes';
import { registerRoutes } from './register-routes';
import { requestDeadline } from './request-deadline';
import { createRequestLogger } from './request-logger';
import { securityHeaders } from './security-headers';
import { createSessionMiddleware, requireSession } from './session';
import { trackSessionActivity } from './session-activity';
import { staticFiles } from './static-files';
import { UserSessions } from './user-sessions';

export type HttpDeps = {
  config: Config;
  logger: Logger;
  accounts: Accounts;
  attachments: Attachments;
  engine: Engine;
  sessionStore: SessionStore;
  /** Which sessions are whose: the account page lists them and ends the others. */
  sessionIndex: SessionIndex;
  redis: Redis | undefined;
  redisPrefix: string;
  checks: HealthChecks;
  /** Called with the id of every session that ends (logout, expiry): its sockets must close. */
  onSessionEnded: SessionEndedListener;
  /** Default: none kept. */
  metrics?: Metrics;
  /** Set when GET /metrics is served on this port (METRICS_TOKEN without METRICS_PORT). */
  metricsEndpoint?: MetricsEndpoint;
};

export type HttpApp = {
  app: Express;
  /** The plain express-session middleware, for `io.engine.use`. */
  sessionMiddleware: RequestHandler;
};

/** Forms are a few short fields; anything bigger is not one of ours. */
const BODY_LIMIT = '16kb';

export function createHttpApp(deps: HttpDeps): HttpApp {
  const { config, logger, accounts, onSessionEnded, metrics = NO_METRICS } = deps;
  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  app.disable('x-powered-by');

  const sessionMiddleware = createSessionMiddleware({
    secret: config.sessionSecret,
    store: deps.sessionStore,
  });
  const csrf = createCsrf();
  const limiterBackend = { redis: deps.redis, redisPrefix: deps.redisPrefix };
  // One throttle for sign-in and the account page's current password: the same guesses, counted once.
  const loginThrottle = new LoginThrottle(limiterBackend, { maxFailures: config.loginMaxFailures });
  const withAccount = loadAccount(accounts, onSessionEnded, logger);

  app.use(createRequestLogger(logger));
  app.use(securityHeaders());
  app.use(staticFiles(PUBLIC_DIR));
  app.use(healthRoutes({ checks: deps.checks, logger }));
  // Before sessions: a scrape carries a bearer token, never a cookie.
  if (deps.metricsEndpoint) app.use(metricsRoutes(deps.metricsEndpoint));
  // Before the deadline and the body parsers: uploads stream for as long as they take, through busboy.
  app.use(
    attachmentRoutes({
      attachments: deps.attachments,
      csrf,
      session: [requireSession(sessionMiddleware), enforceSessionLifetime(onSessionEnded, logger)],
      loadAccount: withAccount,
      uploadLimit: new UploadLimit(limiterBackend, { maxPerMinute: config.uploadMaxPerMinute }),
      logger,
      metrics,
    }),
  );

  app.use(requestDeadline());
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 20 }));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(requireSession(sessionMiddleware));
  app.use(enforceSessionLifetime(onSessionEnded, logger));
  app.use(trackSessionActivity());
  app.use(csrf.protect);

  app.use(
    pageRoutes({
      csrf,
      loadAccount: withAccount,
      uploadMaxBytes: config.uploadMaxBytes,
      isLargeSite: () => deps.engine.isLargeSite(),
    }),
  );
  app.use(
    accountRoutes({
      accounts,
      engine: deps.engine,
      sessions: new UserSessions({ store: deps.sessionStore, index: deps.sessionIndex, onSessionEnded, logger }),
      loginThrottle,
      csrf,
      logger,
      metrics,
      loadAccount: withAccount,
    }),
  );
  app.use(
    registerRoutes({
      accounts,
      csrf,
      logger,
      metrics,
      registerLimit: new RegisterLimit(limiterBackend, { maxPerHour: config.registerMaxPerHour }),
    }),
  );
  app.use(
    loginRoutes({
      accounts,
      csrf,
      logger,
      onSessionEnded,
      loginThrottle,
      metrics,
    }),
  );

  app.use(notFound);
  app.use(errorHandler({ isCsrfError: csrf.isCsrfError }));
  return { app, sessionMiddleware };
}
