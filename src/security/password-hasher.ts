/**
 * bcrypt behind the domain's PasswordHasher port. Only the async API is used: hashing runs on the
 * libuv thread pool, so a burst of sign-ins never blocks the event loop.
 */
import bcrypt from 'bcrypt';
import type { PasswordHasher } from '../chat/accounts';

export class BcryptHasher implements PasswordHasher {
  constructor(private readonly rounds: number) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.rounds);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }
}
