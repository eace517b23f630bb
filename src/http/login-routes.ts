/**
 * GET and POST /login, POST /logout. A failed sign-in always answers the same words in about the
 * same time; repeated failures for one username from one address are throttled (429 + Retry-After).
 * When password checking is at capacity the sign-in is refused at once (503 + Retry-After) and not
 * counted as a failure. Success starts a new session (the cookie value changes) and sends the user to /io.
 */
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { isPlausibleUsername, type Account, type Accounts } from '../chat/accounts';
import { OverloadedError } from '../chat/errors';
import type { Metrics } from '../chat/metrics';
import type { LoginThrottle } from '../security/login-throttle';
import type { Csrf } from './csrf';
import { announceSessionEnded, type SessionEndedListener } from './current-account';
import { formField } from './form';
import { renderPage } from './render';
import { SESSION_COOKIE, destroySession, signIn } from './session';

export const LOGIN_FAILED_MESSAGE = 'Incorrect username or password.';
export const LOGIN_BUSY_MESSAGE =
  'Many people are signing in right now, so we could not check your password. Please try again in a few seconds.';

export type LoginRouteDeps = {
  accounts: Accounts;
  loginThrottle: LoginThrottle;
  csrf: Csrf;
  logger: Logger;
  onSessionEnded: SessionEndedListener;
  metrics: Pick<Metrics, 'login' | 'rateLimited'>;
};

export function loginRoutes({ accounts, loginThrottle, csrf, logger, onSessionEnded, metrics }: LoginRouteDeps): Router {
  const router = Router();

  const showForm = async (req: Request, res: Response, status: number, username: string, error?: string) =>
    renderPage(res, 'login', { title: 'Sign in', csrfToken: await csrf.tokenFor(req), username, error }, status);

  // Signed in already: the form has nothing to offer (a deleted user's session ends on /io).
  router.get('/login', (req, res) => (req.session.userId ? res.redirect(303, '/io') : showForm(req, res, 200, '')));

  router.post('/login', async (req, res) => {
    const rawUsername = formField(req.body, 'username') ?? '';
    const password = formField(req.body, 'password') ?? '';
    if (typeof rawUsername !== 'string' || typeof password !== 'string') {
      return showForm(req, res, 422, '', 'Enter your username and password as plain text.');
    }
    const username = rawUsername.trim();
    const address = req.ip ?? 'unknown';

    // Names no account can have are never counted: they would only fill the counters.
    const throttled = isPlausibleUsername(username);
    if (throttled) {
      const verdict = await loginThrottle.begin(username, address);
      if (!verdict.allowed) {
        logger.warn({ username, address }, 'sign-in refused: too many failures');
        metrics.login('throttled');
        metrics.rateLimited('login');
        res.set('Retry-After', String(verdict.retryAfterSec));
        const minutes = Math.ceil(verdict.retryAfterSec / 60);
        const wait = minutes === 1 ? 'a minute' : `${minutes} minutes`;
        return showForm(req, res, 429, username, `Too many failed attempts. Please try again in ${wait}.`);
      }
    }

    let account: Account | null;
    try {
      account = await accounts.authenticate(username, password);
    } catch (error) {
      if (!(error instanceof OverloadedError)) throw error;
      if (throttled) await loginThrottle.cancelled(username, address);
      metrics.login('refused');
      res.set('Retry-After', String(error.retryAfterSec));
      return showForm(req, res, 503, username, LOGIN_BUSY_MESSAGE);
    }
    if (!account) {
      metrics.login('failure');
      // Only names an account could have: a password typed into the username box stays out of the logs.
      logger.info({ username: throttled ? username : undefined, address }, 'sign-in failed');
      return showForm(req, res, 401, username, LOGIN_FAILED_MESSAGE);
    }

    if (throttled) await loginThrottle.succeeded(username, address);
    await signIn(req, account);
    metrics.login('success');
    logger.info({ userId: account.id }, 'user signed in');
    res.redirect(303, '/io');
  });

  router.post('/logout', async (req, res) => {
    const sessionId = req.sessionID;
    await destroySession(req);
    announceSessionEnded(onSessionEnded, sessionId, logger);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.secure });
    res.redirect(303, '/login');
  });

  return router;
}
