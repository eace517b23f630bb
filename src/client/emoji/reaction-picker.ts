/**
 * The reaction picker: a small dialog with a row of frequent emoji, a field named `Search emoji`,
 * a `Skin tone` choice (applied to the emoji that have tones, remembered by the caller) and a grid
 * of every emoji, loaded on first use from the site's own emoji-data.js (a separate
 * module, so the first page load stays small). Keyboard: Tab moves between the row, the field and
 * the grid (and no further: a FocusTrap); arrow keys, Home and End move inside the grid; Enter or
 * Space picks; Escape closes and gives the focus back to the button that opened it. A click
 * elsewhere closes it too. One picker is open at a time.
 *
 * Interface: `openReactionPicker(anchor, onPick, skin?)`; `closeReactionPicker()`.
 */
import { h } from '../dom';
import { FocusTrap } from '../focus-trap';
import { FREQUENT_EMOJI, gridMove, searchEmoji, type EmojiEntry } from './emoji-search';
import { nameInSkinTone, SKIN_TONES, withSkinTone, type SkinTone } from './skin-tones';

/** The skin tone the picker starts with, and who hears a new choice. */
export type SkinToneChoice = { tone: SkinTone; toneChosen(tone: SkinTone): void };

const EMOJI_MODULE_URL = '/js/emoji-data.js';
const COLUMNS = 8;
const SHOWN_MAX = 240;

let listPromise: Promise<readonly EmojiEntry[]> | undefined;
let current: Picker | undefined;

/** The full emoji list, imported once from the site (rejected promises are retried next time). */
export function loadEmojiList(): Promise<readonly EmojiEntry[]> {
  listPromise ??= importList().catch((error: unknown) => {
    listPromise = undefined;
    throw error;
  });
  return listPromise;
}

async function importList(): Promise<readonly EmojiEntry[]> {
  const url = new URL(EMOJI_MODULE_URL, window.location.href).href;
  const module: unknown = await import(/* a same-origin module built by scripts/build-client.ts */ url);
  const list = typeof module === 'object' && module !== null && 'EMOJI' in module ? module.EMOJI : undefined;
  if (!Array.isArray(list)) throw new Error('emoji-data.js exports no EMOJI list');
  return list as EmojiEntry[]; // built from emoji-data.ts, whose EMOJI is EmojiEntry[]
}

/** Opens the picker beside `anchor`; `onPick` hears the chosen emoji once, then the picker closes. */
export function openReactionPicker(
  anchor: HTMLElement,
  onPick: (emoji: string) => void,
  skin: SkinToneChoice = { tone: 0, toneChosen: () => undefined },
): void {
  current?.close(false);
  current = new Picker(anchor, onPick, skin);
}

export function closeReactionPicker(): void {
  current?.close(false);
}

export function isReactionPickerOpen(): boolean {
  return current !== undefined;
}

class Picker {
  private readonly root: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly grid: HTMLElement;
  private readonly frequent: HTMLElement;
  private readonly status: HTMLElement;
  private tone: SkinTone;
  private shown: EmojiEntry[] = [];
  private all: readonly EmojiEntry[] = [];
  private readonly trap: FocusTrap;
  private readonly onOutside = (event: Event) => {
    const target = event.target;
    if (target instanceof Node && !this.root.contains(target) && !this.anchor.contains(target)) this.close(false);
  };

  constructor(
    private readonly anchor: HTMLElement,
    private readonly onPick: (emoji: string) => void,
    private readonly skin: SkinToneChoice,
  ) {
    this.tone = skin.tone;
    const frequent = h('div', { class: 'reaction-picker__frequent', role: 'group', 'aria-label': 'Frequently used' });
    this.frequent = frequent;
    this.drawFrequent();
    this.search = h('input', {
      type: 'search',
      class: 'reaction-picker__search',
      'aria-label': 'Search emoji',
      placeholder: 'Search emoji',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.grid = h('div', { class: 'reaction-picker__grid', role: 'group', 'aria-label': 'All emoji' });
    this.status = h('p', { class: 'reaction-picker__status', role: 'status' }, 'Loading emoji…');
    this.root = h(
      'div',
      { class: 'reaction-picker', role: 'dialog', 'aria-label': 'Choose a reaction' },
      frequent,
      h('div', { class: 'reaction-picker__tools' }, this.search, this.toneSelect()),
      this.status,
      this.grid,
    );
    this.listen(frequent);
    document.body.append(this.root);
    this.place();
    anchor.setAttribute('aria-expanded', 'true');
    this.trap = new FocusTrap(this.root);
    this.search.focus();
    document.addEventListener('mousedown', this.onOutside, true);
    void loadEmojiList().then(
      (list) => {
        this.all = list;
        this.filter();
        // The grid made it taller: below the anchor may no longer fit.
        this.place();
      },
      () => (this.status.textContent = 'The emoji list could not be loaded.'),
    );
  }

  close(returnFocus: boolean): void {
    if (current === this) current = undefined;
    document.removeEventListener('mousedown', this.onOutside, true);
    this.root.remove();
    this.anchor.setAttribute('aria-expanded', 'false');
    this.trap.release(returnFocus ? this.anchor : false);
  }

  private listen(frequent: HTMLElement): void {
    this.root.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-emoji]') : null;
      if (button?.dataset.emoji) this.pick(button.dataset.emoji);
    });
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.close(true);
      }
    });
    // Clicking away (or focus moved by a script) closes it; the focus stays where it went.
    this.root.addEventListener('focusout', (event) => {
      const next = event.relatedTarget;
      if (next instanceof Node && !this.root.contains(next)) this.close(false);
    });
    this.search.addEventListener('input', () => this.filter());
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        const first = this.shown[0];
        if (first) this.pick(withSkinTone(first, this.tone));
      } else if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.focusCell(0);
      }
    });
    this.grid.addEventListener('keydown', (event) => this.moveIn(this.grid, event, COLUMNS));
    frequent.addEventListener('keydown', (event) => this.moveIn(frequent, event, FREQUENT_EMOJI.length));
  }

  /** A plain select: named, keyboard-ready and read out by every screen reader as it is. */
  private toneSelect(): HTMLSelectElement {
    const select = h(
      'select',
      { class: 'reaction-picker__tone', 'aria-label': 'Skin tone', title: 'Skin tone' },
      ...SKIN_TONES.map(({ tone, name, modifier }) => h('option', { value: String(tone) }, `✋${modifier} ${name}`)),
    );
    select.value = String(this.tone);
    select.addEventListener('change', () => {
      const chosen = SKIN_TONES.find((choice) => String(choice.tone) === select.value);
      if (!chosen) return;
      this.tone = chosen.tone;
      this.skin.toneChosen(chosen.tone);
      this.drawFrequent();
      this.filter();
    });
    return select;
  }

  private drawFrequent(): void {
    this.frequent.replaceChildren(...FREQUENT_EMOJI.map((entry, index) => emojiButton(entry, this.tone, index === 0 ? 0 : -1)));
  }

  private moveIn(container: HTMLElement, event: KeyboardEvent, columns: number): void {
    const cells = Array.from(container.querySelectorAll<HTMLElement>('button[data-emoji]'));
    const index = cells.findIndex((cell) => cell === document.activeElement);
    if (index === -1) return;
    if (container === this.grid && event.key === 'ArrowUp' && index < columns) {
      event.preventDefault();
      this.search.focus();
      return;
    }
    const next = gridMove(index, event.key, cells.length, columns);
    if (next === undefined) return;
    event.preventDefault();
    focusRoving(cells, next);
  }

  private focusCell(index: number): void {
    focusRoving(Array.from(this.grid.querySelectorAll<HTMLElement>('button[data-emoji]')), index);
  }

  private pick(emoji: string): void {
    this.close(true);
    this.onPick(emoji);
  }

  private filter(): void {
    this.shown = searchEmoji(this.all, this.search.value, SHOWN_MAX);
    // Before the list has loaded there is nothing to show yet, and nothing to say but "Loading".
    if (this.all.length === 0) return;
    this.grid.replaceChildren(...this.shown.map((entry, index) => emojiButton(entry, this.tone, index === 0 ? 0 : -1)));
    this.status.textContent = this.shown.length === 0 ? 'No emoji found' : '';
    this.status.hidden = this.shown.length > 0;
  }

  /** Below the anchor when it fits, else above; always inside the window. */
  private place(): void {
    const box = this.anchor.getBoundingClientRect();
    const { offsetWidth: width, offsetHeight: height } = this.root;
    const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    const below = box.bottom + 4;
    const top = below + height <= window.innerHeight - 8 ? below : Math.max(8, box.top - height - 4);
    this.root.style.left = `${left}px`;
    this.root.style.top = `${top}px`;
  }
}

/** Named by the emoji itself (screen readers say its name); the name in words shows on hover. */
function emojiButton(entry: EmojiEntry, tone: SkinTone, tabIndex: number): HTMLButtonElement {
  const emoji = withSkinTone(entry, tone);
  return h(
    'button',
    {
      type: 'button',
      class: 'emoji-option',
      'data-emoji': emoji,
      title: nameInSkinTone(entry, tone),
      tabindex: tabIndex,
    },
    emoji,
  );
}

/** One cell of a group takes the Tab stop: the focused one. */
function focusRoving(cells: readonly HTMLElement[], index: number): void {
  const target = cells[index];
  if (!target) return;
  for (const cell of cells) cell.tabIndex = cell === target ? 0 : -1;
  target.focus();
}
