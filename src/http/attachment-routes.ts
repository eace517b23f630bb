/**
 * POST /attachments (a multipart upload, streamed into the store as it arrives) and GET of an
 * attachment's url. Mounted before the request deadline and the body parsers: an upload may take
 * longer than a form, and its body is busboy's alone. The order of refusals is the contract's:
 * signed out 401, no CSRF token 403, over the rate 429, over the size 413; nothing is kept after any.
 */
import { once } from 'node:events';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { UploadTooLargeError, type Attachments, type StagedUpload } from '../chat/attachments';
import { isInlineImage } from '../chat/file-types';
import type { Metrics } from '../chat/metrics';
import type { UploadLimit } from '../security/upload-limit';
import { tooLargeMessage } from '../shared';
import type { Csrf } from './csrf';
import { notFound } from './error-handler';
import { requestDeadline } from './request-deadline';
import { readUpload, UploadFormError } from './upload-form';

export type AttachmentRouteDeps = {
  attachments: Attachments;
  csrf: Csrf;
  /** The session, then the account (res.locals.account), as every page route has them. */
  session: RequestHandler[];
  loadAccount: RequestHandler;
  uploadLimit: UploadLimit;
  logger: Logger;
  metrics: Pick<Metrics, 'rateLimited'>;
};

function fail(res: Response, status: number, message: string, extra: Record<string, unknown> = {}): void {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json({ error: { status, message, ...extra } });
}

/** Express's csrf-sync middleware as a promise: rejects with its error when the token is missing or wrong. */
function checkCsrf(csrf: Csrf, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void csrf.protect(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

/** RFC 6266: an ASCII fallback for old clients, and the exact UTF-8 name for the rest. */
export function contentDisposition(type: string, name: string): string {
  if (isInlineImage(type)) return 'inline';
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function attachmentRoutes(deps: AttachmentRouteDeps): Router {
  const { attachments, csrf, uploadLimit, logger } = deps;
  const router = Router();

  router.post('/attachments', ...deps.session, deps.loadAccount, async (req, res, next) => {
    const { account } = res.locals;
    if (!account) return fail(res, 401, 'Sign in to upload files.');
    await checkCsrf(csrf, req, res); // a refusal goes to the error handler: 403
    const verdict = await uploadLimit.take(account.id);
    if (!verdict.allowed) {
      deps.metrics.rateLimited('upload');
      res.set('Retry-After', String(verdict.retryAfterSec));
      return fail(res, 429, 'Too many uploads. Wait a moment and try again.');
    }
    let staged: StagedUpload | undefined;
    try {
      staged = await readUpload(req, (name, bytes) => attachments.receive(account.id, name, bytes), {
        maxBytes: attachments.maxBytes,
      });
      const attachment = await staged.commit();
      res.status(201).set('Cache-Control', 'no-store').json({ attachment });
    } catch (error) {
      await staged?.discard().catch((cleanup: unknown) => logger.error({ err: cleanup }, 'discarding an upload'));
      refuseUpload(req, res, next, error, attachments.maxBytes);
    }
  });

  const serve = async (req: Request, res: Response, next: NextFunction) => {
    const { account } = res.locals;
    const id = String(req.params.id);
    const open = await attachments.open(account?.id, id);
    if (!open) return notFound(req, res, next);
    const { attachment } = open;
    res.set({
      'Content-Type': attachment.type,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': contentDisposition(attachment.type, attachment.name),
      'Cache-Control': 'private',
      'Accept-Ranges': 'bytes',
    });
    let start = 0;
    let end = attachment.size - 1;
    const ranges = req.headers.range && attachment.size > 0 ? req.range(attachment.size) : undefined;
    if (ranges === -1) {
      res.set('Content-Range', `bytes */${attachment.size}`);
      return fail(res, 416, 'That range is not in the file.');
    }
    if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 && ranges[0]) {
      ({ start, end } = ranges[0]);
      res.status(206).set('Content-Range', `bytes ${start}-${end}/${attachment.size}`);
    }
    res.set('Content-Length', String(Math.max(0, end - start + 1)));
    if (req.method === 'HEAD' || end < start) return res.end();
    try {
      for await (const piece of open.read(start, end)) {
        if (!res.write(piece)) await once(res, 'drain');
      }
      res.end();
    } catch (error) {
      logger.warn({ err: error, attachment: attachment.id }, 'an attachment ended while it was sent');
      res.destroy();
    }
  };
  router.get('/attachments/:id/:name', requestDeadline(), ...deps.session, deps.loadAccount, serve);

  return router;
}

/** Past this much of a refused body still arriving, the connection is cut rather than read on. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/** Whatever of the body is left is read and dropped, so the client sees the answer, not a reset. */
function drainRest(req: Request): void {
  req.unpipe();
  let left = DRAIN_MAX_BYTES;
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) req.destroy();
  });
  req.resume();
}

function refuseUpload(req: Request, res: Response, next: NextFunction, error: unknown, maxBytes: number): void {
  drainRest(req);
  if (error instanceof UploadTooLargeError) {
    return fail(res, 413, tooLargeMessage(error.fileName ?? 'The file', maxBytes), { maxBytes });
  }
  if (error instanceof UploadFormError) return fail(res, 400, error.message);
  next(error);
}
