/**
 * What the SQL drivers throw, classified: duplicate keys (a name taken, a lost race), lock
 * conflicts worth a retry, and lost connections (StoreUnavailableError). Anything else becomes a
 * plain Error with the driver's error as its cause, so no driver object reaches the domain.
 */
import { ChatError, NameTakenError, StoreUnavailableError } from '../../chat/errors';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A unique key refused the row (MySQL ER_DUP_ENTRY, SQLite UNIQUE / PRIMARY KEY constraint). */
export function isDuplicateKey(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A transaction lost a lock conflict and may simply be run again. */
export function isRetryableConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || (code?.startsWith('SQLITE_BUSY') ?? false);
}

export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (CONNECTION_CODES.has(code) || CONNECTION_CODES.has(code.replace(/_[A-Z]+$/, '')))) return true;
  if (typeof error === 'object' && error !== null && 'fatal' in error && error.fatal === true) return true;
  const message = messageOf(error);
  // mysql2 after pool.end(), better-sqlite3 after close(), Kysely after destroy().
  if (/pool is closed|connection is not open|driver has already been destroyed/i.test(message)) return true;
  return error instanceof AggregateError && error.errors.some(isConnectionError);
}

export function translateSqlError(error: unknown): Error {
  if (error instanceof NameTakenError || error instanceof StoreUnavailableError || error instanceof ChatError) {
    return error;
  }
  if (isConnectionError(error)) return new StoreUnavailableError('The database is unavailable', { cause: error });
  return new Error(`Database query failed: ${messageOf(error)}`, { cause: error });
}
