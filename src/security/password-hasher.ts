/**
 * bcrypt behind the domain's PasswordHasher port. Only the async API is used: hashing runs on the
 * libuv thread pool, so it never blocks the event loop. `BoundedHasher` keeps those threads from
 * taking every core: a burst of sign-ins waits a little or is refused (OverloadedError), and the
 * chat keeps a core.
 */
import bcrypt from 'bcrypt';
import type { PasswordHasher } from '../chat/accounts';
import { WorkGate, type WorkGateOptions } from './work-gate';

export class BcryptHasher implements PasswordHasher {
  constructor(private readonly rounds: number) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.rounds);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }
}

/** Another hasher with at most `concurrency` hashes and compares in flight (see WorkGate). */
export class BoundedHasher implements PasswordHasher {
  private readonly gate: WorkGate;

  constructor(
    private readonly inner: PasswordHasher,
    options: WorkGateOptions,
  ) {
    this.gate = new WorkGate(options);
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => this.inner.hash(password));
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.gate.run(() => this.inner.verify(password, hash));
  }
}
