/**
 * The composer: a textarea labelled `Message`. Enter sends, Shift+Enter adds a line (and an IME
 * composition's Enter is left alone). It grows with its text up to a limit and tells the user
 * when a leading `@name` makes the message private.
 */
import { LIMITS, codePointLength } from '../../shared/limits';
import { pendingRecipient } from '../composer-intent';

export type ComposerElements = {
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  hint: HTMLElement;
  status: HTMLElement;
};

export type ComposerCallbacks = {
  /** Returns true when the text was taken (the composer then empties). */
  submit(text: string): boolean;
  input(text: string): void;
  /** Up-arrow in the empty composer (edit the last message); returns true when it acted. */
  arrowUpWhenEmpty?(): boolean;
  /** Escape in the composer (cancel a reply); returns true when it acted. */
  escape?(): boolean;
  /** Whether a leading `@name` is a mention chosen from the suggestions rather than a private message. */
  isMention?(text: string): boolean;
  /** Whether a message without text may be sent (files are attached). */
  canSendEmpty?(): boolean;
  /** The text changed by typing, by a send that emptied it, or put back (drafts.ts keeps it). */
  changed?(text: string): void;
};

const MAX_HEIGHT_PX = 200;

export class ComposerView {
  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly elements: ComposerElements,
    private readonly callbacks: ComposerCallbacks,
  ) {
    const { form, input } = elements;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        this.send();
      } else if (event.key === 'ArrowUp' && input.value === '' && !hasModifier(event) && !event.isComposing) {
        // Alt+Up is the page's "previous conversation" (keyboard-shortcuts.ts), not an edit.
        if (this.callbacks.arrowUpWhenEmpty?.()) event.preventDefault();
      } else if (event.key === 'Escape' && this.callbacks.escape?.()) {
        event.preventDefault();
      }
    });
    input.addEventListener('input', () => {
      this.autoGrow();
      this.renderHint();
      this.callbacks.input(input.value);
      this.callbacks.changed?.(input.value);
    });
  }

  get text(): string {
    return this.elements.input.value;
  }

  /** Another conversation's draft: replaces the text, without telling `changed`. */
  setText(text: string): void {
    const { input } = this.elements;
    if (input.value === text) return;
    input.value = text;
    input.setSelectionRange(text.length, text.length);
    this.autoGrow();
    this.renderHint();
  }

  focus(): void {
    this.elements.input.focus();
  }

  setPlaceholder(text: string): void {
    this.elements.input.placeholder = text;
  }

  setEnabled(enabled: boolean): void {
    this.elements.input.readOnly = !enabled;
  }

  /** Puts text back (e.g. a command that failed), unless the user already typed something else. */
  restore(text: string): void {
    if (this.elements.input.value.trim() !== '') return;
    this.elements.input.value = text;
    this.autoGrow();
    this.renderHint();
    this.callbacks.changed?.(text);
  }

  /** A short message under the composer; errors stay until the next one, others fade. */
  showStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    const { status } = this.elements;
    clearTimeout(this.statusTimer);
    status.textContent = text;
    status.classList.toggle('error', kind === 'error');
    if (kind === 'info' && text) this.statusTimer = setTimeout(() => (status.textContent = ''), 6000);
  }

  private send(): void {
    const { input } = this.elements;
    const text = input.value;
    if (text.trim() === '' && !this.callbacks.canSendEmpty?.()) return;
    if (codePointLength(text.trim()) > LIMITS.messageMaxCodePoints) {
      this.showStatus(`A message can be at most ${LIMITS.messageMaxCodePoints} characters.`, 'error');
      return;
    }
    if (this.callbacks.submit(text)) {
      input.value = '';
      this.autoGrow();
      this.renderHint();
      this.callbacks.changed?.('');
    }
  }

  private autoGrow(): void {
    const { input } = this.elements;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, MAX_HEIGHT_PX)}px`;
  }

  private renderHint(): void {
    const { input, hint } = this.elements;
    const recipient = this.callbacks.isMention?.(input.value) ? undefined : pendingRecipient(input.value);
    const length = codePointLength(input.value.trim());
    let text = '';
    if (recipient) text = `Private message to ${recipient}`;
    if (length > LIMITS.messageMaxCodePoints - 200) {
      text += `${text ? ' · ' : ''}${length} / ${LIMITS.messageMaxCodePoints}`;
    }
    if (hint.textContent !== text) hint.textContent = text;
    hint.classList.toggle('private', recipient !== undefined);
  }
}

function hasModifier(event: KeyboardEvent): boolean {
  return event.shiftKey || event.altKey || event.ctrlKey || event.metaKey;
}
