/**
 * The one place errors become answers: a refused CSRF token is a 403, a backend that cannot be
 * reached a 503 with a friendly page, malformed requests their 4xx, and anything else a generic 500
 * whose details (with the stack) go to the log, never to the visitor.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { OverloadedError, StoreUnavailableError } from '../chat/errors';
import { renderPage } from './render';

type ErrorPage = { status: number; title: string; message: string };

const PAGES = {
  notFound: { status: 404, title: 'Page not found', message: 'There is nothing at this address.' },
  csrf: {
    status: 403,
    title: 'Form expired',
    message: 'This form has expired or was not sent from this site. Go back, reload the page and try again.',
  },
  unavailable: {
    status: 503,
    title: 'Temporarily unavailable',
    message: 'The chat cannot reach its storage right now. Please try again in a moment.',
  },
  busy: {
    status: 503,
    title: 'Busy',
    message: 'Many people are signing in right now. Please go back and try again in a few seconds.',
  },
  tooLarge: { status: 413, title: 'Too large', message: 'That request was too large.' },
  badRequest: { status: 400, title: 'Bad request', message: 'That request could not be understood.' },
  internal: {
    status: 500,
    title: 'Something went wrong',
    message: 'Something went wrong on our side. Please try again.',
  },
} satisfies Record<string, ErrorPage>;

export const notFound: RequestHandler = (req, res) => sendError(req, res, PAGES.notFound);

export function errorHandler({ isCsrfError }: { isCsrfError: (error: unknown) => boolean }): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const page = pageFor(error, isCsrfError);
    if (page.status >= 500) res.err = error instanceof Error ? error : new Error(String(error)); // pino-http logs it with the stack
    if (res.headersSent) {
      req.log.error({ err: error }, 'error after the response had started');
      if (!res.writableEnded) res.end();
      return;
    }
    if (page.status === 503) res.set('Retry-After', String(error instanceof OverloadedError ? error.retryAfterSec : 5));
    return sendError(req, res, page);
  };
}

function pageFor(error: unknown, isCsrfError: (error: unknown) => boolean): ErrorPage {
  if (isCsrfError(error)) return PAGES.csrf;
  if (error instanceof StoreUnavailableError) return PAGES.unavailable;
  // Password hashing at capacity, on a page that does not handle it itself (the account page).
  if (error instanceof OverloadedError) return PAGES.busy;
  const status = httpStatusOf(error);
  if (status === 413) return PAGES.tooLarge;
  if (status !== undefined && status >= 400 && status < 500) return { ...PAGES.badRequest, status };
  return PAGES.internal;
}

/** The status of a client error raised by Express's own middleware (body parsers: http-errors). */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('expose' in error) || error.expose !== true) return undefined;
  const status = 'status' in error ? error.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

async function sendError(req: Request, res: Response, page: ErrorPage): Promise<void> {
  res.status(page.status).set('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: { status: page.status, message: page.message } });
    return;
  }
  try {
    await renderPage(res, 'error', page, page.status);
  } catch (renderError) {
    req.log.error({ err: renderError }, 'could not render the error page');
    if (!res.headersSent) res.type('text').send(page.message);
  }
}
