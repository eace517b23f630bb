/**
 * `@` autocomplete in the composer: while a name is typed after `@`, a listbox of the open
 * channel's members that match (usernames and nicknames) shows above the composer. Where the page
 * may not know every member (Everyone on a large site), the server's matches join the list when
 * they arrive, after the local ones, the highlighted option staying where it was. Up and Down
 * move, Enter or Tab inserts `@username `, Escape closes; a click inserts too. The textarea keeps
 * its role (the `Message` text box) and points at the list with aria-controls and
 * aria-activedescendant, so screen readers hear the highlighted suggestion.
 *
 * A leading `@name message` is a private message when typed by hand (composer-intent.ts); a
 * leading name chosen here is a mention instead: `isLeadingMention` tells the composer so.
 */
import { h } from '../dom';
import type { MentionLookup } from '../mention-lookup';
import {
  insertMention,
  matchMentionCandidates,
  mentionQueryAt,
  mergeMentionSuggestions,
  type MentionQuery,
} from '../mention-query';
import type { NameParts } from '../names';
import { nameNodes } from './name';

const LIST_ID = 'mention-suggestions';

export type MentionSources = {
  /** The open channel's members the page knows. */
  candidates(): NameParts[];
  /** Whether the server may know members the page does not (Everyone): then `lookup` asks it. */
  asksServer(): boolean;
  lookup: Pick<MentionLookup, 'ask' | 'cancel'>;
};

export class MentionAutocomplete {
  private readonly list: HTMLUListElement;
  private options: NameParts[] = [];
  private active = 0;
  private query: MentionQuery | undefined;
  private leading: string | undefined;
  /** The server's answer while the list is open, kept so that a click in the same name does not lose it. */
  private found: { query: string; users: NameParts[] } | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly sources: MentionSources,
  ) {
    this.list = h('ul', { id: LIST_ID, class: 'mention-suggestions', role: 'listbox', 'aria-label': 'Mention suggestions' });
    this.list.hidden = true;
    input.parentElement?.classList.add('has-mention-suggestions');
    input.insertAdjacentElement('beforebegin', this.list);
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', LIST_ID);
    input.addEventListener('input', () => this.refresh());
    input.addEventListener('click', () => this.refresh());
    input.addEventListener('blur', () => this.close());
    // Capture: runs before the composer's own Enter (send) and Escape handlers.
    input.addEventListener('keydown', (event) => this.onKey(event), { capture: true });
    this.list.addEventListener('mousedown', (event) => event.preventDefault()); // the textarea keeps the focus
    this.list.addEventListener('click', (event) => {
      const option = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="option"]') : null;
      const index = Number(option?.dataset.index);
      if (option && Number.isInteger(index)) this.choose(index);
    });
  }

  /** Whether `text` starts with a mention chosen here (so it is not a private `@name message`). */
  isLeadingMention(text: string): boolean {
    return this.leading !== undefined && text.trimStart().toLowerCase().startsWith(`@${this.leading.toLowerCase()} `);
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  private refresh(): void {
    const { input } = this;
    if (input.value.trim() === '') this.leading = undefined;
    const query = input.selectionStart === input.selectionEnd ? mentionQueryAt(input.value, input.selectionStart) : undefined;
    this.query = query;
    this.sources.lookup.cancel();
    if (!query) {
      this.close();
      return;
    }
    const local = matchMentionCandidates(this.sources.candidates(), query.query);
    const asks = this.sources.asksServer();
    const known = asks && this.found?.query === query.query ? this.found.users : undefined;
    this.options = []; // a new name: the first option is highlighted
    this.show(mergeMentionSuggestions(local, known ?? []));
    if (!asks || known) return;
    this.sources.lookup.ask(query.query, (users) => {
      this.found = { query: query.query, users };
      this.show(mergeMentionSuggestions(local, users));
    });
  }

  /** Shows `options`, the highlighted one kept when it is still among them, else the first. */
  private show(options: NameParts[]): void {
    const highlighted = this.options[this.active]?.username;
    this.options = options;
    const kept = options.findIndex((option) => option.username === highlighted);
    this.active = kept >= 0 ? kept : 0;
    if (options.length === 0) this.hide();
    else this.render();
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.isOpen || event.isComposing) return;
    const count = this.options.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
      this.render();
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
      this.choose(this.active);
    } else if (event.key === 'Escape') {
      this.close();
    } else {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  private choose(index: number): void {
    const option = this.options[index];
    const { query, input } = this;
    if (!option || !query) return;
    const result = insertMention(input.value, query, input.selectionStart, option.username);
    if (input.value.slice(0, query.start).trim() === '') this.leading = option.username;
    input.value = result.text;
    input.setSelectionRange(result.caret, result.caret);
    this.close();
    input.focus();
    // The composer hears the change like typing: hint, height and typing notice follow.
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private close(): void {
    this.sources.lookup.cancel();
    this.found = undefined;
    this.hide();
  }

  private hide(): void {
    this.options = [];
    if (this.list.hidden) return;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.removeAttribute('aria-activedescendant');
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.options.map((option, index) =>
        h(
          'li',
          {
            id: `${LIST_ID}-${index}`,
            role: 'option',
            'aria-selected': String(index === this.active),
            'data-index': index,
            'data-username': option.username,
          },
          ...nameNodes(option),
        ),
      ),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-activedescendant', `${LIST_ID}-${this.active}`);
    this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }
}
