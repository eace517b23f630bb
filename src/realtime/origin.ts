/**
 * Cross-site WebSocket hijacking defence: browsers send Origin on every cross-site request and
 * WebSocket is not covered by CORS, so a handshake from a foreign page carrying our cookie is
 * refused here. A request without Origin (non-browser clients) is judged by its session alone.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export type OriginPolicy = { publicUrl: string | undefined; allowedOrigins: string[]; trustProxy: boolean | number | string };

function firstHeader(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw?.split(',')[0]?.trim() || undefined;
}

/** The site's own origin as this request reached it: scheme (TLS, or a trusted proxy's word) and Host. */
function ownOrigin(req: IncomingMessage, trustProxy: OriginPolicy['trustProxy']): string | undefined {
  const proxied = trustProxy !== false && trustProxy !== 0;
  const host = (proxied && firstHeader(req.headers['x-forwarded-host'])) || firstHeader(req.headers.host);
  if (!host) return undefined;
  const encrypted = Boolean((req.socket as Partial<TLSSocket>).encrypted);
  const scheme = (proxied && firstHeader(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
  return `${scheme}://${host}`.toLowerCase();
}

export function isOriginAllowed(req: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = firstHeader(req.headers.origin);
  if (origin === undefined) return true;
  let normalized: string;
  try {
    normalized = new URL(origin).origin.toLowerCase();
  } catch {
    return false;
  }
  const own = ownOrigin(req, policy.trustProxy);
  const ownNormalized = own ? safeOrigin(own) : undefined;
  return (
    normalized === ownNormalized ||
    normalized === policy.publicUrl?.toLowerCase() ||
    policy.allowedOrigins.some((allowed) => allowed.toLowerCase() === normalized)
  );
}

/** Normalises default ports away (http://h:80 → http://h) so Host and Origin compare equal. */
function safeOrigin(origin: string): string | undefined {
  try {
    return new URL(origin).origin.toLowerCase();
  } catch {
    return undefined;
  }
}
