/** Domain errors carry a contract error code, never an HTTP status; the transports map them. */
import type { ErrorCode } from '../shared';

export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

export const invalid = (message: string) => new ChatError('invalid', message);
export const notFound = (message: string) => new ChatError('not_found', message);
/** One answer for a channel that does not exist and one the user may not see: nothing leaks. */
export const forbidden = (message = 'You are not a member of that channel') => new ChatError('forbidden', message);

/** Raised by stores when a unique name (username, public room name) is already taken, ignoring case. */
export class NameTakenError extends Error {
  constructor(readonly what: 'username' | 'room') {
    super(`${what} already taken`);
    this.name = 'NameTakenError';
  }
}

/** Raised by stores when their backend cannot be reached; answered `unavailable` / 503. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Work refused to protect the server (password hashing is full): the caller should try again after
 * `retryAfterSec`. Answered 503 with Retry-After.
 */
export class OverloadedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(message);
    this.name = 'OverloadedError';
  }
}
