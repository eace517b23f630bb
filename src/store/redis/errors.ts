/** Redis failures as the domain sees them: a server that cannot be reached is StoreUnavailableError. */
import { ChatError, NameTakenError, StoreUnavailableError } from '../../chat/errors';

export function translateRedisError(error: unknown): Error {
  if (error instanceof NameTakenError || error instanceof StoreUnavailableError || error instanceof ChatError) {
    return error;
  }
  // A ReplyError is Redis refusing a command (a bug here, not an outage): keep it apart.
  if (error instanceof Error && error.name === 'ReplyError') {
    return new Error(`Redis refused a command: ${error.message}`, { cause: error });
  }
  return new StoreUnavailableError('Redis is unavailable', { cause: error });
}
