/**
 * Raw Engine.IO requests for the security suites: a polling handshake, a poll or a post on an open
 * connection, and a websocket upgrade, each with exactly the headers a test chooses (an attacker's
 * page controls none of them but the cookie it borrows; a script controls all of them).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

export type RawOptions = { cookie?: string; origin?: string; forwardedFor?: string };

function headersFor(options: RawOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
  return headers;
}

export function enginePath(query: Record<string, string>): string {
  return `/socket.io/?${new URLSearchParams({ EIO: '4', ...query }).toString()}`;
}

export async function rawRequest(
  baseUrl: string,
  path: string,
  options: RawOptions & { method?: string; body?: string } = {},
): Promise<RawResponse> {
  const response = await fetch(new URL(path, baseUrl), {
    method: options.method ?? 'GET',
    headers: { ...headersFor(options), ...(options.body ? { 'content-type': 'text/plain;charset=UTF-8' } : {}) },
    body: options.body,
  });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** Opens a polling Engine.IO connection and resolves with its sid. */
export async function pollingHandshake(baseUrl: string, options: RawOptions = {}): Promise<string> {
  const response = await rawRequest(baseUrl, enginePath({ transport: 'polling' }), options);
  if (response.status !== 200) throw new Error(`handshake answered ${response.status}: ${response.body}`);
  const open = /^0(\{.*\})/.exec(response.body)?.[1];
  if (!open) throw new Error(`no open packet in ${response.body}`);
  return (JSON.parse(open) as { sid: string }).sid;
}

export type UpgradeOutcome = { upgraded: true } | { upgraded: false; status: number | undefined };

/**
 * Asks for a websocket upgrade (with `sid` to upgrade an open connection, without to handshake
 * over websocket) and reports whether the server switched protocols; the socket is closed at once.
 */
export function tryUpgrade(baseUrl: string, query: Record<string, string>, options: RawOptions = {}): Promise<UpgradeOutcome> {
  const url = new URL(enginePath({ transport: 'websocket', ...query }), baseUrl);
  return new Promise((resolve) => {
    const req = http.request(url, {
      headers: {
        ...headersFor(options),
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ upgraded: true });
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ upgraded: false, status: res.statusCode });
    });
    // A refusal may be a bare close, with no HTTP answer at all.
    req.on('error', () => resolve({ upgraded: false, status: undefined }));
    req.end();
  });
}
