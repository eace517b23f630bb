/**
 * Files from public/. Names carrying a content hash (`app.3f9c2b1a.js`) never change and are cached
 * for a year; everything else is revalidated on each use (ETag), so a deploy is seen at once.
 */
import type { RequestHandler } from 'express';
import express from 'express';

const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;

export function staticFiles(root: string): RequestHandler {
  return express.static(root, {
    index: false,
    dotfiles: 'ignore',
    setHeaders(res, filePath) {
      res.setHeader(
        'Cache-Control',
        HASHED_NAME.test(filePath) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
      );
    },
  });
}
