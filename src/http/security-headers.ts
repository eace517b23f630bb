/**
 * helmet with a Content-Security-Policy that lets pages run only the site's own scripts and
 * styles: no inline script or style, no eval, sockets to the same origin only.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

const SELF = "'self'";

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: [SELF],
        scriptSrc: [SELF],
        scriptSrcAttr: ["'none'"],
        styleSrc: [SELF],
        // CSP 3: 'self' covers ws:// and wss:// to the page's own host, which Socket.IO uses.
        connectSrc: [SELF],
        imgSrc: [SELF, 'data:'],
        fontSrc: [SELF],
        mediaSrc: [SELF],
        objectSrc: ["'none'"],
        baseUri: [SELF],
        formAction: [SELF],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: plain HTTP on a private network must keep working.
      },
    },
    // The chat may be served over plain HTTP on a private network; HSTS only means anything over TLS.
    referrerPolicy: { policy: 'same-origin' },
  });
}
