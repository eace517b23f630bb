/**
 * express-session's Store kept in the SQL database, for when there is no Redis. Each session is one
 * row with its expiry, taken from the cookie; expired rows are never answered and are pruned by an
 * unref'd timer.
 */
import session, { type SessionData } from 'express-session';
import type { SessionIndex } from '../../chat/ports';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { SqlDialectName } from './db';
import { translateSqlError } from './errors';
import type { Database } from './schema';

/** For a session whose cookie has no maxAge (a browser-session cookie): the row lives this long. */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

type Callback = (error?: unknown) => void;

export type SqlSessionStoreOptions = {
  db: Kysely<Database>;
  dialect: SqlDialectName;
  logger?: Logger;
  pruneIntervalMs?: number;
  now?: () => number;
};

export class SqlSessionStore extends session.Store implements SessionIndex {
  private readonly db: Kysely<Database>;
  private readonly dialect: SqlDialectName;
  private readonly logger: Logger | undefined;
  private readonly now: () => number;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(options: SqlSessionStoreOptions) {
    super();
    this.db = options.db;
    this.dialect = options.dialect;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.pruneTimer = setInterval(() => void this.prune(), options.pruneIntervalMs ?? PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    this.db
      .selectFrom('sessions')
      .select('data')
      .where('sid', '=', sid)
      .where('expires_at', '>', this.now())
      .executeTakeFirst()
      .then(
        (row) => callback(null, row ? parseSession(row.data) : null),
        (error: unknown) => callback(translateSqlError(error)),
      );
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    const owner = typeof data.userId === 'string' ? data.userId : null;
    const row = { sid, data: JSON.stringify(data), expires_at: this.expiryOf(data), user_id: owner };
    const changes = { data: row.data, expires_at: row.expires_at, user_id: owner };
    const insert = this.db.insertInto('sessions').values(row);
    const upsert =
      this.dialect === 'mysql'
        ? insert.onDuplicateKeyUpdate(changes)
        : insert.onConflict((conflict) => conflict.column('sid').doUpdateSet(changes));
    this.finish(upsert.execute(), callback);
  }

  override destroy(sid: string, callback?: Callback): void {
    this.finish(this.db.deleteFrom('sessions').where('sid', '=', sid).execute(), callback);
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    this.finish(
      this.db
        .updateTable('sessions')
        .set({ expires_at: this.expiryOf(data) })
        .where('sid', '=', sid)
        .execute(),
      callback,
    );
  }

  override length(callback: (error: unknown, length?: number) => void): void {
    this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('expires_at', '>', this.now())
      .executeTakeFirstOrThrow()
      .then(
        (row) => callback(null, Number(row.count)),
        (error: unknown) => callback(translateSqlError(error)),
      );
  }

  override clear(callback?: Callback): void {
    this.finish(this.db.deleteFrom('sessions').execute(), callback);
  }

  async sessionIdsOf(userId: string): Promise<string[]> {
    try {
      const rows = await this.db
        .selectFrom('sessions')
        .select('sid')
        .where('user_id', '=', userId)
        .where('expires_at', '>', this.now())
        .execute();
      return rows.map((row) => row.sid);
    } catch (error) {
      throw translateSqlError(error);
    }
  }

  /** Nothing to do: a destroyed session's row, which is the index, is gone with it. */
  async forget(): Promise<void> {}

  /** Throws when the session table cannot be read (the health check). */
  async check(): Promise<void> {
    try {
      await this.db.selectFrom('sessions').select('sid').limit(1).execute();
    } catch (error) {
      throw translateSqlError(error);
    }
  }

  /** Deletes expired rows; answers how many. */
  async prune(): Promise<number> {
    try {
      const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', this.now()).executeTakeFirst();
      return Number(result.numDeletedRows);
    } catch (error) {
      this.logger?.warn({ err: translateSqlError(error) }, 'pruning expired sessions failed');
      return 0;
    }
  }

  /** Stops the pruning timer; the database itself is closed by its owner. */
  close(): void {
    clearInterval(this.pruneTimer);
  }

  private expiryOf(data: SessionData): number {
    const { expires, maxAge } = data.cookie;
    if (expires) return new Date(expires).getTime();
    return this.now() + (typeof maxAge === 'number' ? maxAge : DEFAULT_TTL_MS);
  }

  private finish(work: Promise<unknown>, callback?: Callback): void {
    work.then(
      () => callback?.(),
      (error: unknown) => callback?.(translateSqlError(error)),
    );
  }
}

/** A row that no longer parses is answered as no session, so the user simply signs in again. */
function parseSession(data: string): SessionData | null {
  try {
    // Written by `set` from a SessionData: reading it back gives the same shape.
    return JSON.parse(data) as SessionData;
  } catch {
    return null;
  }
}
