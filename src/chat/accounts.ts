/**
 * Accounts: sign-up and sign-in. Owns the username and password rules of the contract and keeps
 * sign-in answers indistinguishable (same work, same result) whether the user is unknown, the
 * password is wrong, or the password is too long to be a real one.
 */
import { randomBytes } from 'node:crypto';
import { LIMITS, USERNAME_PATTERN, utf8ByteLength } from '../shared';
import { NameTakenError } from './errors';
import type { UserStore } from './ports';

/** Turns passwords into one-way hashes and checks them; implementations must not block the loop. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

/** A user as the transports may see one: never the password hash. */
export type Account = { id: string; username: string; nickname: string | null };

export type RegistrationField = 'username' | 'password';
export type FieldError = { field: RegistrationField; message: string };

export type RegisterResult =
  | { ok: true; account: Account }
  | { ok: false; reason: 'invalid'; errors: FieldError[] }
  | { ok: false; reason: 'username_taken' };

export type PasswordChangeResult =
  { ok: true } | { ok: false; reason: 'wrong_password' } | { ok: false; reason: 'invalid'; errors: FieldError[] };

export type AccountsDeps = {
  users: UserStore;
  hasher: PasswordHasher;
  now?: () => number;
  /** Told after each sign-up (the Engine's count of users, which decides how presence is told). */
  registered?: () => void;
};

const { usernameMin, usernameMax, passwordMinBytes, passwordMaxBytes } = LIMITS;

/** Every problem with a sign-up form at once. Inputs are `unknown`: forms can send arrays or nothing. */
export function validateRegistration(username: unknown, password: unknown): FieldError[] {
  return [...usernameErrors(username), ...passwordErrors(password)];
}

function usernameErrors(username: unknown): FieldError[] {
  const error = (message: string): FieldError[] => [{ field: 'username', message }];
  if (username === undefined || username === '') return error('Enter a username.');
  if (typeof username !== 'string') return error('Username must be a single line of text.');
  const problems: FieldError[] = [];
  if (username.length < usernameMin || username.length > usernameMax) {
    problems.push(...error(`Username must be ${usernameMin}–${usernameMax} characters long.`));
  }
  if (!USERNAME_PATTERN.test(username)) {
    problems.push(...error('Username may use only letters A–Z, digits, underscores (_), hyphens (-) and dots (.).'));
  }
  return problems;
}

function passwordErrors(password: unknown): FieldError[] {
  const error = (message: string): FieldError[] => [{ field: 'password', message }];
  if (password === undefined || password === '') return error('Enter a password.');
  if (typeof password !== 'string') return error('Password must be a single line of text.');
  const bytes = utf8ByteLength(password);
  if (bytes < passwordMinBytes) return error(`Password must be at least ${passwordMinBytes} characters long.`);
  if (bytes > passwordMaxBytes) {
    return error(`Password must be at most ${passwordMaxBytes} bytes long (accented letters take 2 bytes, emoji 4).`);
  }
  return [];
}

/** True when an account could have this name (the sign-up rules); says nothing of whether one does. */
export function isPlausibleUsername(username: string): boolean {
  return username.length >= usernameMin && username.length <= usernameMax && USERNAME_PATTERN.test(username);
}

export class Accounts {
  private readonly users: UserStore;
  private readonly hasher: PasswordHasher;
  private readonly now: () => number;
  private readonly registered: () => void;
  /** Compared against when there is no real hash, so every failed sign-in costs one bcrypt compare. */
  private readonly dummyHash: Promise<string>;

  constructor({ users, hasher, now = Date.now, registered = () => undefined }: AccountsDeps) {
    this.users = users;
    this.hasher = hasher;
    this.now = now;
    this.registered = registered;
    this.dummyHash = hasher.hash(randomBytes(32).toString('hex'));
    // Surfaced by the first authenticate() that needs it; not an unhandled rejection meanwhile.
    this.dummyHash.catch(() => undefined);
  }

  /**
   * Creates an account after checking every rule. The name is unique ignoring case; the stored
   * spelling is the one given. Store failures (StoreUnavailableError) propagate.
   */
  async register(username: unknown, password: unknown): Promise<RegisterResult> {
    const errors = validateRegistration(username, password);
    // The type checks repeat what validateRegistration established, for the compiler.
    if (errors.length > 0 || typeof username !== 'string' || typeof password !== 'string') {
      return { ok: false, reason: 'invalid', errors };
    }
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.users.create({ username, passwordHash, now: this.now() });
      this.registered();
      return { ok: true, account: toAccount(user) };
    } catch (error) {
      if (error instanceof NameTakenError) return { ok: false, reason: 'username_taken' };
      throw error;
    }
  }

  /**
   * The account whose username matches ignoring case and whose password is right, else null.
   * Unknown users, wrong passwords and passwords over the bcrypt limit all cost one hash compare.
   */
  async authenticate(username: string, password: string): Promise<Account | null> {
    const user = isPlausibleUsername(username) ? await this.users.findByUsername(username) : undefined;
    const usable = user !== undefined && utf8ByteLength(password) <= passwordMaxBytes;
    const hash = usable ? user.passwordHash : await this.dummyHash;
    // bcrypt would silently cut a longer password; the dummy compare only spends the same time.
    const matches = await this.hasher.verify(password, hash);
    return usable && matches ? toAccount(user) : null;
  }

  /**
   * Replaces the password after checking the current one (first: a wrong one is `wrong_password`
   * whatever the new one is) and the new one against the sign-up rules. A user that no longer
   * exists answers `wrong_password`, like sign-in, after the same one hash compare.
   */
  async changePassword(userId: string, current: unknown, next: unknown): Promise<PasswordChangeResult> {
    const user = await this.users.findById(userId);
    const text = typeof current === 'string' ? current : '';
    const usable = user !== undefined && utf8ByteLength(text) <= passwordMaxBytes;
    const matches = await this.hasher.verify(text, usable ? user.passwordHash : await this.dummyHash);
    if (!usable || !matches) return { ok: false, reason: 'wrong_password' };
    const errors = passwordErrors(next);
    if (errors.length > 0 || typeof next !== 'string') return { ok: false, reason: 'invalid', errors };
    await this.users.setPasswordHash(userId, await this.hasher.hash(next));
    return { ok: true };
  }

  /** The account behind a session, or undefined when it no longer exists. */
  async findById(id: string): Promise<Account | undefined> {
    const user = await this.users.findById(id);
    return user && toAccount(user);
  }
}

function toAccount(user: { id: string; username: string; nickname: string | null }): Account {
  return { id: user.id, username: user.username, nickname: user.nickname };
}
