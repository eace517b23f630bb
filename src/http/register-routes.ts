/**
 * GET and POST /register. Every rule is checked at once and reported together (422, the username
 * kept); a taken name is a 409; REGISTER_MAX_PER_HOUR successful sign-ups per address, then 429.
 * Success signs the new user in with a fresh session and sends them to /io.
 */
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Accounts, FieldError } from '../chat/accounts';
import { OverloadedError } from '../chat/errors';
import type { Metrics } from '../chat/metrics';
import type { RegisterLimit } from '../security/register-limit';
import type { Csrf } from './csrf';
import { formField } from './form';
import { renderPage } from './render';
import { signIn } from './session';

export type RegisterRouteDeps = {
  accounts: Accounts;
  registerLimit: RegisterLimit;
  csrf: Csrf;
  logger: Logger;
  metrics: Pick<Metrics, 'rateLimited'>;
};

export const REGISTER_BUSY_MESSAGE =
  'Many people are signing in right now, so your account was not created yet. Please try again in a few seconds.';

/** An error about the whole form rather than one field. */
type FormError = { field: FieldError['field'] | null; message: string };

export function registerRoutes({ accounts, registerLimit, csrf, logger, metrics }: RegisterRouteDeps): Router {
  const router = Router();

  const showForm = async (req: Request, res: Response, status: number, username: unknown, errors: FormError[]) =>
    renderPage(
      res,
      'register',
      {
        title: 'Create an account',
        csrfToken: await csrf.tokenFor(req),
        username: typeof username === 'string' ? username : '',
        errors,
      },
      status,
    );

  // Signed in already: no second account from the same session by accident.
  router.get('/register', (req, res) => (req.session.userId ? res.redirect(303, '/io') : showForm(req, res, 200, '', [])));

  router.post('/register', async (req, res) => {
    const username = formField(req.body, 'username');
    const password = formField(req.body, 'password');
    const address = req.ip ?? 'unknown';

    const verdict = await registerLimit.reserve(address);
    if (!verdict.allowed) {
      logger.warn({ address }, 'sign-up refused: too many from this address');
      metrics.rateLimited('register');
      res.set('Retry-After', String(verdict.retryAfterSec));
      const message = 'Too many accounts have been created from your network in the last hour. Please try again later.';
      return showForm(req, res, 429, username, [{ field: null, message }]);
    }

    const result = await accounts.register(username, password).catch(async (error: unknown) => {
      await registerLimit.release(address);
      if (error instanceof OverloadedError) return error;
      throw error;
    });
    if (result instanceof OverloadedError) {
      res.set('Retry-After', String(result.retryAfterSec));
      return showForm(req, res, 503, username, [{ field: null, message: REGISTER_BUSY_MESSAGE }]);
    }
    if (!result.ok) {
      await registerLimit.release(address);
      if (result.reason === 'invalid') return showForm(req, res, 422, username, result.errors);
      const message = 'That username is already taken. Please choose another one.';
      return showForm(req, res, 409, username, [{ field: 'username', message }]);
    }

    await signIn(req, result.account);
    logger.info({ userId: result.account.id }, 'user registered');
    res.redirect(303, '/io');
  });

  return router;
}
