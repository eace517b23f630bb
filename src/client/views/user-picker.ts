/**
 * A username field with suggestions (the ARIA combobox pattern): as the user types, `findUsers`
 * proposes people whose username starts with the text; arrow keys move through them, Enter or a
 * click picks one, Escape closes the list. Typing a full username and pressing Enter without
 * picking still submits the form, so the suggestions are a help, never a requirement.
 */
import type { User } from '../../shared/types';
import { LIMITS } from '../../shared/limits';
import { h, reconcile } from '../dom';
import { nameNodes } from './name';

export type UserPickerDeps = {
  /** `role="combobox"`, `aria-controls` naming the listbox. */
  input: HTMLInputElement;
  /** `role="listbox"`. */
  listbox: HTMLElement;
  find(query: string): Promise<User[] | string>;
  /** People not to propose (already chosen, already members, oneself). */
  exclude(username: string): boolean;
  pick(user: User): void;
};

const DEBOUNCE_MS = 150;
const MAX_SUGGESTIONS = 8;

export class UserPicker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest = '';
  private options: User[] = [];
  private active = -1;

  constructor(private readonly deps: UserPickerDeps) {
    const { input, listbox } = deps;
    input.maxLength = LIMITS.usernameMax + 1; // room for a leading @
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (event) => this.onKey(event));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    // Keep focus in the field while an option is clicked.
    listbox.addEventListener('mousedown', (event) => event.preventDefault());
    listbox.addEventListener('click', (event) => {
      const option = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="option"]') : null;
      const user = this.options.find((candidate) => candidate.username === option?.dataset.username);
      if (user) this.choose(user);
    });
  }

  /** Empties the field and closes the list. */
  reset(): void {
    this.deps.input.value = '';
    this.latest = '';
    this.close();
  }

  close(): void {
    clearTimeout(this.timer);
    this.show([]);
  }

  private onKey(event: KeyboardEvent): void {
    const open = this.options.length > 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.setActive((this.active + step + this.options.length) % this.options.length);
    } else if (event.key === 'Enter' && open && this.active >= 0) {
      event.preventDefault();
      const user = this.options[this.active];
      if (user) this.choose(user);
    } else if (event.key === 'Escape' && open) {
      // Closes the list only, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      this.close();
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), DEBOUNCE_MS);
  }

  private async search(): Promise<void> {
    const query = this.deps.input.value.trim().replace(/^@/, '');
    this.latest = query;
    if (query.length === 0 || query.length > LIMITS.findUsersQueryMax) {
      this.show([]);
      return;
    }
    const found = await this.deps.find(query);
    if (query !== this.latest || document.activeElement !== this.deps.input) return;
    this.show(
      typeof found === 'string' ? [] : found.filter((user) => !this.deps.exclude(user.username)).slice(0, MAX_SUGGESTIONS),
    );
  }

  private choose(user: User): void {
    this.close();
    this.deps.pick(user);
  }

  private show(users: User[]): void {
    const { input, listbox } = this.deps;
    this.options = users;
    this.active = -1;
    reconcile(
      listbox,
      users,
      (user) => user.username.toLowerCase(),
      (user) =>
        h(
          'li',
          {
            role: 'option',
            class: 'picker__option',
            id: `${listbox.id}-${user.username.toLowerCase()}`,
            'data-username': user.username,
          },
          h('span', { class: 'presence', 'aria-hidden': 'true' }),
          h('span', { class: 'picker__name' }),
        ),
      (element, user) => {
        element.querySelector('.presence')?.classList.toggle('online', user.online);
        element.querySelector('.picker__name')?.replaceChildren(...nameNodes(user));
        element.setAttribute('aria-selected', 'false');
      },
    );
    listbox.hidden = users.length === 0;
    input.setAttribute('aria-expanded', String(users.length > 0));
    input.removeAttribute('aria-activedescendant');
  }

  private setActive(index: number): void {
    const { input, listbox } = this.deps;
    this.active = index;
    const items = Array.from(listbox.children);
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    const current = items[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    }
  }
}
