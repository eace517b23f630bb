/**
 * Renders a page inside the one layout (views/layout.ejs). Pages never reach a shared cache: they
 * hold CSRF tokens and who is signed in.
 */
import type { Response } from 'express';

export type PageLocals = { title: string } & Record<string, unknown>;

export async function renderPage(res: Response, view: string, locals: PageLocals, status = 200): Promise<void> {
  const body = await renderView(res, view, locals);
  const html = await renderView(res, 'layout', { ...locals, body });
  res.status(status).set('Cache-Control', 'no-store').type('html').send(html);
}

export function renderView(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? '')));
  });
}
