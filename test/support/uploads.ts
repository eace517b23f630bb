/**
 * Attachment helpers: the page's CSRF token for a signed-in agent, uploads through POST /attachments,
 * sample files, and a look into the database to tell what an upload left behind.
 */
import { sql } from 'kysely';
import type { Attachment } from '../../src/shared';
import { openSqlDatabase, type SqlDatabase } from '../../src/store/sql/db';
import { csrfFrom, type SignedIn } from './http';
import type { TestApp } from './test-app';

/** The smallest PNG: a 1×1 transparent pixel. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
export const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
export const GIF_HEAD = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
export const WEBP_HEAD = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

/** The CSRF token of the chat page, as the page's scripts send it in `X-CSRF-Token`. */
export async function pageToken(user: SignedIn): Promise<string> {
  const page = await user.agent.get('/io');
  return csrfFrom(page.text);
}

export type Uploaded = {
  status: number;
  body: { attachment?: Attachment; error?: { message: string } };
  headers: Record<string, string>;
};

/** POST /attachments with one file in `file`, the page's token unless `token` says otherwise. */
export async function upload(
  user: SignedIn,
  bytes: Buffer,
  filename: string,
  options: { token?: string | null; contentType?: string } = {},
): Promise<Uploaded> {
  const token = options.token === undefined ? await pageToken(user) : options.token;
  let request = user.agent.post('/attachments').set('Accept', 'application/json');
  if (token !== null) request = request.set('X-CSRF-Token', token);
  const response = await request.attach('file', bytes, {
    filename,
    contentType: options.contentType ?? 'application/octet-stream',
  });
  return {
    status: response.status,
    body: response.body as Uploaded['body'],
    headers: response.headers,
  };
}

/** Uploads and expects 201; answers the attachment. */
export async function uploaded(user: SignedIn, bytes: Buffer, filename: string): Promise<Attachment> {
  const response = await upload(user, bytes, filename);
  if (response.status !== 201 || !response.body.attachment) {
    throw new Error(`upload answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body.attachment;
}

/** The app's database, opened a second time, to count what uploads left behind. */
export function openDatabaseOf(app: TestApp): SqlDatabase {
  return openSqlDatabase({ mysqlUrl: app.config.mysqlUrl, dataDir: app.config.dataDir });
}

/** Upload rows (finished or not) and chunk rows of one user, by username. */
export async function keptBy(database: SqlDatabase, username: string): Promise<{ uploads: number; chunks: number }> {
  const { rows } = await sql<{ uploads: number | string; chunks: number | string }>`
    SELECT
      (SELECT COUNT(*) FROM attachments a JOIN users u ON u.id = a.uploader_id WHERE u.username = ${username}) AS uploads,
      (SELECT COUNT(*) FROM attachment_chunks c JOIN attachments a ON a.id = c.attachment_id
         JOIN users u ON u.id = a.uploader_id WHERE u.username = ${username}) AS chunks`.execute(database.db);
  return { uploads: Number(rows[0]?.uploads ?? 0), chunks: Number(rows[0]?.chunks ?? 0) };
}
