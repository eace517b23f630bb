/**
 * CSRF protection with the synchronizer-token pattern (csrf-sync): the token lives in the session
 * and every state-changing request must echo it, as the `_csrf` form field or an `x-csrf-token`
 * header. The sign-in and sign-up forms carry one too (login CSRF), so a visitor gets a small
 * anonymous session holding only the token.
 */
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { SESSION_POLICY } from '../security/session-policy';
import { formField } from './form';
import { saveSession } from './session';

export type Csrf = {
  /** Refuses POSTs without the session's token; adds nothing for GET, HEAD and OPTIONS. */
  protect: RequestHandler;
  /**
   * The session's token for a page's forms. A new token is stored before the page goes out, so a
   * session store that cannot keep it fails the page (503) rather than the form's submission.
   */
  tokenFor(req: Request): Promise<string>;
  isCsrfError(error: unknown): boolean;
};

export function createCsrf(): Csrf {
  const { csrfSynchronisedProtection, generateToken, invalidCsrfTokenError } = csrfSync({
    size: 32,
    getTokenFromRequest: (req) => {
      const token = formField(req.body, '_csrf') ?? req.headers['x-csrf-token'];
      return typeof token === 'string' ? token : undefined;
    },
  });
  return {
    protect: csrfSynchronisedProtection,
    async tokenFor(req) {
      const existing = req.session.csrfToken;
      if (typeof existing === 'string') return existing;
      // A session made just for a form's token lives a day, not the signed-in idle time.
      if (!req.session.userId) req.session.cookie.maxAge = SESSION_POLICY.anonymousMs;
      const token = generateToken(req);
      await saveSession(req);
      return token;
    },
    isCsrfError: (error) => error === invalidCsrfTokenError,
  };
}
