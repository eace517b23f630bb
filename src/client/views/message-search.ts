/**
 * The `Search messages` field and its results: asked as the user types (`searchMessages`), the
 * results grouped by conversation, newest first, each snippet the message's plain text (its markup
 * read by the formatter, as the timeline shows it) with the matched words marked (`<mark>` nodes), "More results" for the next page, and a word when the query has no
 * term long enough. Ctrl+Shift+F (or ⌘⇧F), or `/` outside a text field, focuses the field (Ctrl+K
 * is the quick switcher's); Enter
 * searches at once, and again opens the newest result; Escape clears.
 */
import { LIMITS } from '../../shared/limits';
import { matchRanges, searchTerms, searchWords } from '../../shared/search';
import type { Message, SearchResult } from '../../shared/types';
import { h } from '../dom';
import { parseMessage, plainText } from '../format/parse';

export type MessageSearchDeps = {
  /** `searchMessages`; a string is an error to show. */
  search(query: string, before: string | undefined): Promise<SearchResult | string>;
  /** The conversation's name as the page shows it. */
  channelName(channelId: string): string;
  /** Opens a result. */
  open(message: Message): void;
};

const DEBOUNCE_MS = 300;
/** Characters of text shown around the first match. */
const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 160;

export class MessageSearchView {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly results: HTMLElement;
  private readonly more: HTMLButtonElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The query the shown results answer; a newer query makes older answers stale. */
  private query = '';
  private found: Message[] = [];
  private hasMore = false;
  private generation = 0;

  constructor(private readonly deps: MessageSearchDeps) {
    this.input = h('input', {
      id: 'message-search',
      type: 'search',
      placeholder: 'Search messages',
      title: 'Search messages (Ctrl+Shift+F, or / outside a text field)',
      autocomplete: 'off',
      maxlength: LIMITS.searchQueryMax,
      'aria-controls': 'message-search-results',
      'aria-keyshortcuts': 'Control+Shift+F /',
    });
    this.status = h('p', { class: 'message-search__status', role: 'status' });
    this.results = h('ul', {
      id: 'message-search-results',
      class: 'message-search__results',
      'aria-label': 'Message search results',
    });
    this.more = h('button', { type: 'button', class: 'button button--quiet button--small', hidden: true }, 'More results');
    this.element = h(
      'section',
      { class: 'sidebar__section message-search', role: 'search', 'aria-label': 'Messages' },
      h('label', { class: 'visually-hidden', for: 'message-search' }, 'Search messages'),
      this.input,
      this.status,
      this.results,
      this.more,
    );
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        // Enter again on the same query opens the newest result.
        const first = this.found[0];
        if (first && this.input.value.trim() === this.query) this.deps.open(first);
        else this.run();
      } else if (event.key === 'Escape') {
        if (this.input.value !== '') event.preventDefault(); // a second Escape closes the drawer
        this.input.value = '';
        this.run();
      }
    });
    this.more.addEventListener('click', () => void this.fetch(this.found[this.found.length - 1]?.id));
    document.addEventListener('keydown', (event) => this.onShortcut(event));
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  private onShortcut(event: KeyboardEvent): void {
    const find = (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f';
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
    if ((!find && !slash) || document.querySelector('dialog[open]')) return;
    event.preventDefault();
    this.focus();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
  }

  private run(): void {
    clearTimeout(this.timer);
    const query = this.input.value.trim();
    if (query === this.query) return;
    this.query = query;
    this.generation++;
    this.found = [];
    this.hasMore = false;
    this.results.replaceChildren();
    this.more.hidden = true;
    if (query === '') {
      this.status.textContent = '';
    } else if (searchTerms(query).length === 0) {
      this.status.textContent = `Type at least ${LIMITS.searchTermMin} letters of a word to search messages.`;
    } else {
      void this.fetch(undefined);
    }
  }

  private async fetch(before: string | undefined): Promise<void> {
    const generation = this.generation;
    const query = this.query;
    this.status.textContent = 'Searching…';
    this.more.hidden = true;
    const reply = await this.deps.search(query, before);
    if (generation !== this.generation) return;
    if (typeof reply === 'string') {
      this.status.textContent = `Search failed: ${reply}`;
      this.more.hidden = !this.hasMore;
      return;
    }
    this.found.push(...reply.messages);
    this.hasMore = reply.hasMore;
    this.render();
  }

  private render(): void {
    const words = searchWords(this.query);
    const count = this.found.length;
    this.status.textContent =
      count === 0 ? 'No messages found.' : `${count}${this.hasMore ? '+' : ''} message${count === 1 ? '' : 's'} found.`;
    const groups = new Map<string, Message[]>();
    for (const message of this.found) groups.set(message.channelId, [...(groups.get(message.channelId) ?? []), message]);
    this.results.replaceChildren(
      ...[...groups].map(([channelId, messages]) =>
        h(
          'li',
          { class: 'message-search__group' },
          h('h3', { class: 'message-search__channel' }, this.deps.channelName(channelId)),
          h('ul', {}, ...messages.map((message) => h('li', {}, this.resultButton(message, words)))),
        ),
      ),
    );
    this.more.hidden = !this.hasMore;
  }

  private resultButton(message: Message, words: readonly string[]): HTMLButtonElement {
    const button = h(
      'button',
      { type: 'button', class: 'message-search__result', 'data-message-id': message.id },
      h('span', { class: 'message-search__meta' }, h('strong', {}, message.from), ' ', formatTime(message.sentAt)),
      // What a reader sees in the timeline (`*design review*` reads "design review"), then marked.
      highlighted(plainText(parseMessage(message.text)), words),
    );
    button.addEventListener('click', () => this.deps.open(message));
    return button;
  }
}

/** The text around its first match, with every matched word's prefix in a `<mark>`. */
function highlighted(text: string, words: readonly string[]): HTMLElement {
  const ranges = matchRanges(text, words);
  const start = Math.max(0, (ranges[0]?.[0] ?? 0) - SNIPPET_BEFORE);
  const end = Math.min(text.length, start + SNIPPET_LENGTH);
  const snippet = h('span', { class: 'message-search__text' });
  if (start > 0) snippet.append('…');
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= at || from >= end) continue;
    snippet.append(text.slice(at, Math.max(at, from)), h('mark', {}, text.slice(Math.max(at, from), Math.min(to, end))));
    at = Math.min(to, end);
  }
  snippet.append(text.slice(at, end));
  if (end < text.length) snippet.append('…');
  return snippet;
}

function formatTime(sentAt: string): string {
  const date = new Date(sentAt);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Whether a key press is text typed into a field (where `/` is a character, not a shortcut). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
