/** GET / and GET /io: where a visitor belongs, and the chat page for a signed-in user. */
import { Router, type RequestHandler } from 'express';
import type { Csrf } from './csrf';

export type PageRouteDeps = {
  csrf: Csrf;
  loadAccount: RequestHandler;
  /** Told to the page, so it refuses a file too large before sending it. */
  uploadMaxBytes?: number;
  /** Told to the page: on a large site it knows only part of the people, and says so. */
  isLargeSite?: () => Promise<boolean>;
};

export function pageRoutes({ csrf, loadAccount, uploadMaxBytes, isLargeSite }: PageRouteDeps): Router {
  const router = Router();

  router.get('/', loadAccount, (_req, res) => {
    res.redirect(303, res.locals.account ? '/io' : '/login');
  });

  router.get('/io', loadAccount, async (req, res) => {
    const { account } = res.locals;
    if (!account) return res.redirect(303, '/login');
    const [csrfToken, largeSite] = await Promise.all([csrf.tokenFor(req), isLargeSite?.().catch(() => false) ?? false]);
    res.set('Cache-Control', 'no-store');
    res.render('chat', {
      title: 'Natter',
      username: account.username,
      nickname: account.nickname,
      csrfToken,
      uploadMaxBytes,
      largeSite,
    });
  });

  return router;
}
