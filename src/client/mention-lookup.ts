/**
 * The server's side of `@` autocomplete: on a large site the page knows only some of Everyone's
 * members, so the names typed there are also looked up with `findUsers`. Asks wait for a pause in
 * the typing; only the reply to the latest ask is passed on; a refusal or a lost connection passes
 * nothing, so the suggestions the page found itself stay as they are.
 */
import type { User } from '../shared/types';
import { LIMITS, codePointLength } from '../shared/limits';
import { isFailure, type Failure } from './room-requests';

const DEBOUNCE_MS = 150;

export class MentionLookup {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(
    private readonly find: (query: string) => Promise<User[] | Failure>,
    private readonly delayMs = DEBOUNCE_MS,
  ) {}

  /**
   * Looks `query` up after the pause and calls `found` with the users, unless another `ask` or a
   * `cancel` came first. A query `findUsers` would refuse (empty, over 32 characters) is not sent.
   */
  ask(query: string, found: (users: User[]) => void): void {
    this.cancel();
    const length = codePointLength(query);
    if (length === 0 || length > LIMITS.findUsersQueryMax) return;
    const ticket = this.asked;
    this.timer = setTimeout(() => void this.send(query, ticket, found), this.delayMs);
  }

  /** Forgets the pending ask: its reply, if one comes, is dropped. */
  cancel(): void {
    clearTimeout(this.timer);
    this.asked++;
  }

  private async send(query: string, ticket: number, found: (users: User[]) => void): Promise<void> {
    let reply: User[] | Failure;
    try {
      reply = await this.find(query);
    } catch {
      return;
    }
    if (ticket === this.asked && !isFailure(reply)) found(reply);
  }
}
