/**
 * One upload to POST /attachments with XMLHttpRequest (fetch reports no upload progress), the
 * page's CSRF token in `X-CSRF-Token`. Every failure is answered in words a person can act on.
 */
import { formatFileSize, tooLargeMessage } from '../../shared/file-size';
import type { Attachment } from '../../shared/types';

export type UploadResult = { ok: true; attachment: Attachment } | { ok: false; message: string };

export type UploadHandle = { done: Promise<UploadResult>; abort(): void };

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

/** The largest upload the server takes, as the page says it (<meta name="upload-max-bytes">). */
export function uploadMaxBytes(): number | undefined {
  const value = Number(document.querySelector<HTMLMetaElement>('meta[name="upload-max-bytes"]')?.content);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function serverMessage(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null || !('error' in response)) return undefined;
  const { error } = response;
  if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
  return typeof error.message === 'string' ? error.message : undefined;
}

function failure(xhr: XMLHttpRequest, file: File): string {
  const name = file.name || 'The file';
  switch (xhr.status) {
    case 413: {
      const max = uploadMaxBytes();
      return serverMessage(xhr.response) ?? (max ? tooLargeMessage(name, max) : `${name} is too large.`);
    }
    case 429: {
      const wait = Number(xhr.getResponseHeader('Retry-After'));
      return `${name} was not uploaded: too many uploads at once. Try again${wait > 0 ? ` in ${wait} s` : ' in a moment'}.`;
    }
    case 401:
    case 403:
      return `${name} was not uploaded: your session has ended. Reload the page and sign in again.`;
    case 0:
      return `${name} was not uploaded: the connection failed.`;
    default:
      return `${name} was not uploaded (${serverMessage(xhr.response) ?? `the server answered ${xhr.status}`}).`;
  }
}

/** Starts uploading `file`; `progress` hears the bytes sent so far. */
export function uploadFile(file: File, progress: (sent: number, total: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve) => {
    xhr.open('POST', '/attachments');
    xhr.responseType = 'json';
    xhr.setRequestHeader('X-CSRF-Token', csrfToken());
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) progress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      const body: unknown = xhr.response;
      if (xhr.status === 201 && typeof body === 'object' && body !== null && 'attachment' in body) {
        resolve({ ok: true, attachment: body.attachment as Attachment }); // the server's 201 shape (docs/protocol.md)
      } else {
        resolve({ ok: false, message: failure(xhr, file) });
      }
    });
    xhr.addEventListener('error', () => resolve({ ok: false, message: failure(xhr, file) }));
    xhr.addEventListener('abort', () => resolve({ ok: false, message: `${file.name} was not uploaded: cancelled.` }));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

export { formatFileSize };
