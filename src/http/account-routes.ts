/**
 * The account page: change the password (the contract's `GET /account`, `POST /account/password`),
 * the nickname, and the list of the user's sessions with "Sign out other sessions". A password
 * change ends every other session of the user and disconnects their sockets; this one stays.
 * Wrong current passwords are throttled like failed sign-ins, with the same counters.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Account, Accounts } from '../chat/accounts';
import { ChatError, OverloadedError } from '../chat/errors';
import type { Engine } from '../chat/engine';
import type { Metrics } from '../chat/metrics';
import { nicknameSchema } from '../shared';
import type { LoginThrottle } from '../security/login-throttle';
import type { Csrf } from './csrf';
import { textField } from './form';
import { renderPage } from './render';
import type { UserSessions } from './user-sessions';

export type AccountRouteDeps = {
  accounts: Accounts;
  engine: Engine;
  sessions: UserSessions;
  loginThrottle: LoginThrottle;
  csrf: Csrf;
  logger: Logger;
  metrics: Pick<Metrics, 'rateLimited'>;
  loadAccount: RequestHandler;
};

type FormError = { field: 'current' | 'password' | 'nickname' | null; message: string };
type PageState = { status?: number; errors?: FormError[]; nickname?: string; notice?: string };

const NOTICES: Record<string, string> = {
  nickname: 'Your nickname is saved.',
  sessions: 'Your other sessions are signed out.',
};

export const WRONG_CURRENT_PASSWORD = 'Your current password is not correct.';

export function accountRoutes(deps: AccountRouteDeps): Router {
  const { accounts, engine, sessions, loginThrottle, csrf, logger, metrics, loadAccount } = deps;
  const router = Router();

  const showPage = async (req: Request, res: Response, account: Account, state: PageState = {}) =>
    renderPage(
      res,
      'account',
      {
        title: 'Your account',
        account,
        csrfToken: await csrf.tokenFor(req),
        sessions: (await sessions.list(account.id, req.sessionID)).map((session) => ({
          ...session,
          lastSeen: describeLastSeen(session.lastSeenAt, Date.now()),
          lastSeenIso: session.lastSeenAt === null ? null : new Date(session.lastSeenAt).toISOString(),
        })),
        errors: state.errors ?? [],
        nickname: state.nickname ?? account.nickname ?? '',
        notice: state.notice,
      },
      state.status ?? 200,
    );

  /** After loadAccount: signed-out visitors go to the sign-in page. */
  const signedIn: RequestHandler = (_req, res, next) => (res.locals.account ? next() : res.redirect(303, '/login'));

  router.get('/account', loadAccount, signedIn, async (req, res) => {
    const done = typeof req.query.done === 'string' ? NOTICES[req.query.done] : undefined;
    // loadAccount set it (signedIn lets no request through without).
    await showPage(req, res, res.locals.account as Account, { notice: done });
  });

  router.post('/account/password', loadAccount, signedIn, async (req, res) => {
    const account = res.locals.account as Account; // set by signedIn
    const address = req.ip ?? 'unknown';
    const verdict = await loginThrottle.begin(account.username, address);
    if (!verdict.allowed) {
      logger.warn({ userId: account.id, address }, 'password change refused: too many failures');
      metrics.rateLimited('login');
      res.set('Retry-After', String(verdict.retryAfterSec));
      const minutes = Math.ceil(verdict.retryAfterSec / 60);
      const wait = minutes === 1 ? 'a minute' : `${minutes} minutes`;
      const message = `Too many wrong passwords. Please try again in ${wait}.`;
      return showPage(req, res, account, { status: 429, errors: [{ field: 'current', message }] });
    }

    const result = await accounts
      .changePassword(account.id, textField(req.body, 'current'), textField(req.body, 'password'))
      .catch(async (error: unknown) => {
        if (!(error instanceof OverloadedError)) throw error;
        await loginThrottle.cancelled(account.username, address);
        return error;
      });
    if (result instanceof OverloadedError) {
      res.set('Retry-After', String(result.retryAfterSec));
      const message =
        'Many people are signing in right now, so your password was not changed. Please try again in a few seconds.';
      return showPage(req, res, account, { status: 503, errors: [{ field: null, message }] });
    }
    if (!result.ok && result.reason === 'wrong_password') {
      logger.info({ userId: account.id, address }, 'password change refused: wrong current password');
      return showPage(req, res, account, { status: 401, errors: [{ field: 'current', message: WRONG_CURRENT_PASSWORD }] });
    }
    await loginThrottle.succeeded(account.username, address);
    if (!result.ok) {
      const errors = result.errors.map((error) => ({ field: 'password' as const, message: asNewPassword(error.message) }));
      return showPage(req, res, account, { status: 422, errors });
    }

    const ended = await sessions.endOthers(account.id, req.sessionID);
    logger.info({ userId: account.id, endedSessions: ended }, 'password changed');
    res.redirect(303, '/io');
  });

  router.post('/account/nickname', loadAccount, signedIn, async (req, res) => {
    const account = res.locals.account as Account; // set by signedIn
    const raw = textField(req.body, 'nickname') ?? '';
    const parsed = nicknameSchema.safeParse(raw);
    const cleared = raw.trim() === '';
    if (!cleared && !parsed.success) {
      const message = 'Nickname must be at most 32 characters, with no control characters.';
      return showPage(req, res, account, { status: 422, errors: [{ field: 'nickname', message }], nickname: raw });
    }
    try {
      await engine.setNickname({ id: account.id, username: account.username }, parsed.success ? parsed.data : null);
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      const message = 'That nickname cannot be used. Please choose another one.';
      return showPage(req, res, account, { status: 422, errors: [{ field: 'nickname', message }], nickname: raw });
    }
    res.redirect(303, '/account?done=nickname');
  });

  router.post('/account/sessions/others', loadAccount, signedIn, async (req, res) => {
    const account = res.locals.account as Account; // set by signedIn
    const ended = await sessions.endOthers(account.id, req.sessionID);
    logger.info({ userId: account.id, endedSessions: ended }, 'other sessions signed out');
    res.redirect(303, '/account?done=sessions');
  });

  return router;
}

/** The sign-up rules speak of "Password"; on this page it is the new one. */
function asNewPassword(message: string): string {
  return message === 'Enter a password.' ? 'Enter a new password.' : message.replace(/^Password/, 'New password');
}

const LAST_SEEN_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "Active now" within the activity record's resolution (a minute, plus slack), else the date. */
function describeLastSeen(at: number | null, now: number): string {
  if (at === null) return 'Not recorded';
  if (now - at < 2 * 60_000) return 'Active now';
  return `${LAST_SEEN_FORMAT.format(at)} UTC`;
}
