/**
 * The quick switcher (Ctrl+K or ⌘K): a modal dialog with one field; typing a name lists matching
 * conversations, people and public rooms (switcher-items.ts), those known to the page at once and
 * the server's answers a moment later. Up and Down move through the list (a combobox with
 * aria-activedescendant, so focus stays in the field), Enter or a click opens the one chosen,
 * Escape closes and focus goes back where it was.
 */
import { h } from '../dom';
import { mergeItems, type SwitcherItem } from '../switcher-items';
import { Modal } from './modal';

export type QuickSwitcherDeps = {
  /** What the page knows, at once. */
  local(query: string): SwitcherItem[];
  /** What the server adds (people, public rooms), merged after `local`'s items. */
  remote(query: string): Promise<SwitcherItem[]>;
  /** Opens the item; focus then goes to `landing`. */
  choose(item: SwitcherItem): void;
  landing: HTMLElement;
};

const REMOTE_DELAY_MS = 200;
const LIST_ID = 'quick-switcher-options';

export class QuickSwitcher {
  private readonly modal: Modal;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private items: SwitcherItem[] = [];
  private active = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Each query's number: an answer to an older one is dropped. */
  private generation = 0;

  constructor(
    private readonly deps: QuickSwitcherDeps,
    parent: HTMLElement = document.body,
  ) {
    this.input = h('input', {
      id: 'quick-switcher-input',
      type: 'text',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'true',
      'aria-controls': LIST_ID,
      autocomplete: 'off',
      autocapitalize: 'none',
      spellcheck: 'false',
      placeholder: 'Type a name…',
      'aria-describedby': 'quick-switcher-hint',
    });
    this.list = h('ul', { id: LIST_ID, class: 'quick-switcher__options', role: 'listbox', 'aria-label': 'Matches' });
    this.status = h('p', { class: 'hint', role: 'status' });
    const body = h(
      'div',
      { class: 'dialog__body' },
      h('h2', { class: 'dialog__title', id: 'quick-switcher-title' }, 'Go to a conversation'),
      h('label', { class: 'visually-hidden', for: 'quick-switcher-input' }, 'Conversation, person or room'),
      this.input,
      h('p', { class: 'hint', id: 'quick-switcher-hint' }, 'Up and Down choose, Enter opens, Escape closes.'),
      this.status,
      this.list,
    );
    const dialog = h('dialog', { class: 'dialog quick-switcher', 'aria-labelledby': 'quick-switcher-title' }, body);
    parent.append(dialog);
    this.modal = new Modal(dialog, () => clearTimeout(this.timer));
    this.input.addEventListener('input', () => this.refresh());
    this.input.addEventListener('keydown', (event) => this.onKey(event));
    this.list.addEventListener('click', (event) => {
      const option = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="option"]') : null;
      const index = Number(option?.dataset.index);
      if (option && Number.isInteger(index)) this.choose(index);
    });
  }

  get isOpen(): boolean {
    return this.modal.isOpen;
  }

  open(): void {
    if (this.modal.isOpen) return;
    this.input.value = '';
    this.refresh();
    this.modal.open(this.input);
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.items.length;
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !event.altKey) {
      event.preventDefault();
      if (count > 0) this.setActive((this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      this.choose(this.active);
    }
  }

  private refresh(): void {
    const query = this.input.value;
    const generation = ++this.generation;
    const asking = query.trim() !== '';
    this.show(this.deps.local(query), asking ? 'Searching…' : '');
    clearTimeout(this.timer);
    if (!asking) return;
    this.timer = setTimeout(() => {
      void this.deps.remote(query).then((more) => {
        if (generation !== this.generation) return;
        const chosen = this.items[this.active]?.key;
        this.show(mergeItems(this.items, more), 'Nothing by that name.', chosen);
      });
    }, REMOTE_DELAY_MS);
  }

  /**
   * Shows `items`, or `none` when there are none; the active one stays the one chosen before
   * (`keep`), else the first.
   */
  private show(items: SwitcherItem[], none: string, keep?: string): void {
    this.items = items;
    this.list.replaceChildren(
      ...items.map((item, index) =>
        h(
          'li',
          { id: `quick-switcher-option-${index}`, class: 'quick-switcher__option', role: 'option', 'data-index': index },
          h('span', { class: 'quick-switcher__label' }, item.label),
          h('span', { class: 'quick-switcher__detail' }, item.detail),
        ),
      ),
    );
    const kept = keep === undefined ? -1 : items.findIndex((item) => item.key === keep);
    this.setActive(kept >= 0 ? kept : 0);
    const text = items.length > 0 ? '' : none;
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  private setActive(index: number): void {
    this.active = index;
    const options = Array.from(this.list.children);
    options.forEach((option, at) => option.setAttribute('aria-selected', String(at === index)));
    const current = options[index];
    if (current) {
      this.input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  private choose(index: number): void {
    const item = this.items[index];
    if (!item) return;
    this.modal.close(this.deps.landing);
    this.deps.choose(item);
  }
}
