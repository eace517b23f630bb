/**
 * Reads a multipart upload with busboy: exactly one file, in the field `file`, handed to `receive`
 * as a stream while it arrives. Resolves once the whole body was read and the file stored (staged);
 * anything else (no file, another file, too many parts, a truncated or malformed body, a client that
 * went away) rejects, and a file already staged is discarded first, so nothing is kept.
 */
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { cleanFileName, UploadTooLargeError, type StagedUpload } from '../chat/attachments';

/** A body that is not one file in `file`: answered 400 with this message. */
export class UploadFormError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UploadFormError';
  }
}

type Receive = (fileName: string, bytes: Readable) => Promise<StagedUpload>;

const LIMITS = { files: 1, fields: 8, parts: 16, fieldSize: 1024, headerPairs: 16 };

function parserFor(req: Request, maxBytes: number) {
  try {
    // Browsers send file names as raw UTF-8 (busboy's default reading is latin1). busboy emits
    // `limit` on the file as soon as it reaches `fileSize`: one byte more than allowed.
    return busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { ...LIMITS, fileSize: maxBytes + 1 } });
  } catch (error) {
    throw new UploadFormError('Send the file as multipart/form-data in the field "file".', { cause: error });
  }
}

export function readUpload(req: Request, receive: Receive, { maxBytes }: { maxBytes: number }): Promise<StagedUpload> {
  const parser = parserFor(req, maxBytes);
  return new Promise<StagedUpload>((resolve, reject) => {
    let upload: Promise<StagedUpload> | undefined;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      // Not from inside busboy's own event (it goes on touching the file stream after `limit`).
      setImmediate(() => parser.destroy());
      // The answer waits until nothing is kept: a file being received is removed (receive does so
      // when its stream ends early), one already staged is discarded.
      const settled = upload ? upload.then((staged) => staged.discard()) : Promise.resolve();
      settled.catch(() => undefined).finally(() => reject(error));
    };
    parser.on('file', (field, stream, info) => {
      // Destroyed with the parser when the upload fails: that error is the parser's to report.
      stream.on('error', () => undefined);
      // A part that arrives in the same chunk as a refusal: the answer is settled without it, so nothing of it is kept.
      if (failed) {
        stream.resume();
        return;
      }
      if (field !== 'file' || upload) {
        stream.resume();
        fail(new UploadFormError('Send one file, in the field "file".'));
        return;
      }
      // Before anything else the parser may report: the answer is 413 as soon as the limit is passed.
      stream.once('limit', () => fail(new UploadTooLargeError(maxBytes, cleanFileName(info.filename ?? ''))));
      upload = receive(info.filename ?? '', stream);
      upload.catch(fail);
    });
    const formError = (message: string) => () => fail(new UploadFormError(message));
    parser.on('filesLimit', formError('Send one file at a time.'));
    parser.on('partsLimit', formError('That form has too many parts.'));
    parser.on('fieldsLimit', formError('That form has too many fields.'));
    parser.on('error', (error: unknown) => fail(new UploadFormError('That upload could not be read.', { cause: error })));
    parser.on('close', () => {
      if (failed) return;
      if (!upload) return fail(new UploadFormError('Send a file in the field "file".'));
      upload.then((staged) => (failed ? staged.discard() : resolve(staged))).catch(fail);
    });
    // The client went away before the end: stop, and keep nothing.
    req.on('close', () => {
      if (!req.complete) fail(new UploadFormError('The upload was interrupted.'));
    });
    req.pipe(parser);
  });
}
