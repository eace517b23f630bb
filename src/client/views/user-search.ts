/**
 * The people search box: asks the server (`findUsers`) as the user types, shows the matches as
 * buttons that open a conversation; Enter opens the first match, Escape clears.
 */
import type { User } from '../../shared/types';
import { LIMITS } from '../../shared/limits';
import { UserListView } from './user-list';

export type UserSearchDeps = {
  input: HTMLInputElement;
  results: HTMLElement;
  status: HTMLElement;
  /** The full list of people, hidden while results are shown. */
  directory: HTMLElement;
  find(query: string): Promise<User[] | string>;
  pick(username: string): void;
  /** The usernames shown as results now (whose presence the page watches). */
  shown?(usernames: string[]): void;
};

const DEBOUNCE_MS = 200;

export class UserSearch {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latestQuery = '';
  private matches: User[] = [];
  private readonly view: UserListView;

  constructor(private readonly deps: UserSearchDeps) {
    this.view = new UserListView(deps.results, (username) => this.choose(username));
    deps.input.maxLength = LIMITS.findUsersQueryMax;
    deps.input.addEventListener('input', () => this.schedule());
    deps.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        const first = this.matches[0];
        if (first) this.choose(first.username);
      } else if (event.key === 'Escape') {
        // A first Escape empties the field; the next one closes what holds it (the drawer).
        if (deps.input.value !== '') event.preventDefault();
        this.clear();
      } else if (event.key === 'ArrowDown') {
        const first = deps.results.querySelector('button');
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    deps.results.addEventListener('keydown', (event) => {
      const current = event.target instanceof HTMLElement ? event.target.closest('li') : null;
      if (!current) return;
      const next =
        event.key === 'ArrowDown'
          ? current.nextElementSibling
          : event.key === 'ArrowUp'
            ? current.previousElementSibling
            : undefined;
      if (next === undefined) return;
      event.preventDefault();
      if (next) next.querySelector('button')?.focus();
      else if (event.key === 'ArrowUp') deps.input.focus();
    });
  }

  /** Re-renders the results (presence may have changed) with the given user records. */
  refresh(lookup: (username: string) => User | undefined): void {
    if (this.matches.length === 0) return;
    this.matches = this.matches.map((user) => lookup(user.username) ?? user);
    this.view.render(this.matches, new Date());
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), DEBOUNCE_MS);
  }

  private async search(): Promise<void> {
    const query = this.deps.input.value.trim().replace(/^@/, '');
    this.latestQuery = query;
    if (query.length === 0) {
      this.show([], '');
      return;
    }
    const found = await this.deps.find(query);
    if (query !== this.latestQuery) return; // a newer search is on its way
    if (typeof found === 'string') this.show([], found);
    else this.show(found, found.length === 0 ? `Nobody's username starts with “${query}”.` : '');
  }

  private show(users: User[], message: string): void {
    this.matches = users;
    this.deps.shown?.(users.map((user) => user.username));
    this.deps.results.hidden = users.length === 0;
    this.deps.directory.hidden = users.length > 0;
    this.view.render(users, new Date());
    this.deps.status.textContent = message || foundText(users.length);
  }

  private choose(username: string): void {
    this.clear();
    this.deps.pick(username);
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.deps.input.value = '';
    this.latestQuery = '';
    this.show([], '');
  }
}

/** The server sends at most `findUsersResults`: a full page may hold only the first of more. */
function foundText(count: number): string {
  if (count === 0) return '';
  if (count >= LIMITS.findUsersResults) return `First ${count} shown: type more of the name to narrow them.`;
  return `${count} found`;
}
