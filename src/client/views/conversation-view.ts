/**
 * The open conversation: its header, the scrolling message list and the typing line.
 *
 * Scrolling rules: opening a conversation shows its end, or, with unread messages, the `New
 * messages` divider at the top (see scrollToUnread); a new message keeps the list at the
 * bottom only when the reader was there, else a "New messages" button appears; older pages are
 * asked for near the top and inserted without moving what the reader is looking at; a message
 * jumped to (RowContext.highlighted) is centred and focused once its row is shown, and stays put.
 */
import { h, reconcile } from '../dom';
import type { Row } from '../message-layout';
import { createRow, setRowActive, updateRow, type RowContext } from './message-row';
import { setLabels, setName, type Label } from './name';

export type ConversationElements = {
  title: HTMLElement;
  meta: HTMLElement;
  muteToggle: HTMLButtonElement;
  scroller: HTMLElement;
  list: HTMLElement;
  historyStatus: HTMLElement;
  loadOlder: HTMLButtonElement;
  newMessages: HTMLButtonElement;
  typing: HTMLElement;
};

export type ConversationCallbacks = {
  loadOlder(): void;
  retry(clientId: string): void;
  discard(clientId: string): void;
  /** The reader now sees the newest message. */
  reachedBottom(): void;
  toggleMute(): void;
  /** A message's button: `anchor` is the button pressed. */
  messageAction(action: MessageAction, messageId: string, anchor: HTMLElement): void;
  saveEdit(messageId: string, text: string): void;
  cancelEdit(): void;
  /** The reader reached the bottom of a window of older history (`hasNewer`): the next page. */
  loadNewer?(): void;
};

export type MessageAction = 'reply' | 'react' | 'edit' | 'delete' | 'quote';
const MESSAGE_ACTIONS: readonly string[] = ['reply', 'react', 'edit', 'delete', 'quote'] satisfies MessageAction[];

export type HistoryInfo = {
  status: 'empty' | 'loading' | 'ready';
  hasMore: boolean;
  loadingOlder: boolean;
  /** A window of older history: newer messages exist (see timeline.ts). */
  hasNewer?: boolean;
  loadingNewer?: boolean;
};

const BOTTOM_SLACK_PX = 40;
/** Room left above the `New messages` divider when the view is brought to it. */
const DIVIDER_GAP_PX = 8;
const LOAD_OLDER_WITHIN_PX = 60;

export class ConversationView {
  private channelId: string | undefined;
  private stickToBottom = true;
  private lastRowKey: string | undefined;
  private history: HistoryInfo = { status: 'empty', hasMore: false, loadingOlder: false };
  /** A scrollTop this view set itself: the scroll event it causes is not the reader's. */
  private ownScrollTop: number | undefined;
  /** Opened and not shown yet: the first ready render places the view (its end, or the divider). */
  private startPending = false;
  /** The highlighted message (RowContext.highlighted) last brought into view, once its row was shown. */
  private shownHighlight: string | undefined;
  /** Where focus goes back to when the editor closes (the composer after Up-arrow, else the row). */
  private editorReturn: HTMLElement | undefined;
  /** The message the reader last focused keeps the Tab stop; until they pick one, the newest has it. */
  private chosenRow: string | undefined;
  /** Below the list of a window of older history: the next newer page, for every kind of pointer and keyboard. */
  private readonly loadNewer: HTMLButtonElement;

  constructor(
    private readonly elements: ConversationElements,
    private readonly callbacks: ConversationCallbacks,
  ) {
    const { scroller, list, loadOlder, newMessages, muteToggle } = elements;
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    scroller.addEventListener(
      'wheel',
      (event) => {
        if (event.deltaY < 0 && scroller.scrollTop <= 0) this.requestOlder();
        if (event.deltaY > 0 && this.isAtBottom()) this.requestNewer();
      },
      { passive: true },
    );
    scroller.addEventListener('keydown', (event) => {
      if (['Home', 'PageUp', 'ArrowUp'].includes(event.key) && scroller.scrollTop <= 0) this.requestOlder();
      if (['End', 'PageDown', 'ArrowDown'].includes(event.key) && this.isAtBottom()) this.requestNewer();
    });
    loadOlder.addEventListener('click', () => this.requestOlder());
    this.loadNewer = h('button', { type: 'button', class: 'link-button load-newer', hidden: true }, 'Load newer messages');
    this.loadNewer.addEventListener('click', () => this.requestNewer());
    list.after(this.loadNewer);
    newMessages.addEventListener('click', () => {
      this.scrollToBottom();
      scroller.focus();
    });
    muteToggle.addEventListener('click', () => this.callbacks.toggleMute());
    // The list's height changes with the window, a phone's keyboard and the composer's growth:
    // a reader at the bottom stays there (not in a window of older history: there is more below).
    new ResizeObserver(() => {
      if (this.stickToBottom && !this.history.hasNewer) this.scrollToBottom();
    }).observe(scroller);
    list.addEventListener('keydown', (event) => this.onListKey(event));
    list.addEventListener('focusin', (event) => {
      const row = event.target instanceof Element ? event.target.closest<HTMLElement>('li[data-id]') : null;
      if (!row) return;
      this.chosenRow = row.dataset.id;
      this.activate(row);
    });
    list.addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target instanceof HTMLFormElement ? event.target : null;
      const row = form?.closest<HTMLElement>('li[data-id]');
      const input = form?.querySelector('textarea');
      if (row?.dataset.id && input) this.callbacks.saveEdit(row.dataset.id, input.value);
    });
    list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-action]') : null;
      const action = button?.dataset.action;
      const messageRow = button?.closest<HTMLElement>('li[data-id]');
      if (button && action === 'cancel-edit') {
        this.callbacks.cancelEdit();
        return;
      }
      if (button && action && messageRow?.dataset.id && MESSAGE_ACTIONS.includes(action)) {
        const target = action === 'quote' ? button.dataset.quoteId : messageRow.dataset.id;
        // `action` is one of MESSAGE_ACTIONS, checked just above.
        if (target) this.callbacks.messageAction(action as MessageAction, target, button);
        return;
      }
      const row = button?.closest<HTMLElement>('li[data-client-id]');
      const clientId = row?.dataset.clientId;
      if (!button || !clientId) return;
      if (button.getAttribute('data-action') === 'retry') this.callbacks.retry(clientId);
      else this.callbacks.discard(clientId);
    });
  }

  get openChannelId(): string | undefined {
    return this.channelId;
  }

  /** Switches to another conversation: empties the list; the next render shows its end. */
  open(channelId: string): void {
    if (this.channelId === channelId) return;
    this.channelId = channelId;
    this.elements.list.replaceChildren();
    this.lastRowKey = undefined;
    this.shownHighlight = undefined;
    this.chosenRow = undefined;
    this.stickToBottom = true;
    this.startPending = true;
    this.elements.newMessages.hidden = true;
  }

  setHeader(title: Label, meta: string, muted: boolean): void {
    const { title: titleElement, meta: metaElement, muteToggle } = this.elements;
    setName(titleElement, title);
    if (metaElement.textContent !== meta) metaElement.textContent = meta;
    muteToggle.setAttribute('aria-pressed', String(muted));
    muteToggle.title = muted
      ? 'Sounds and notifications are off for this conversation'
      : 'Sounds and notifications are on for this conversation';
  }

  /** The typing notice, e.g. "Ally (alice) is typing…", names as DOM nodes. */
  setTyping(line: readonly Label[]): void {
    setLabels(this.elements.typing, line);
  }

  /**
   * Shows `rows`. `ownMessageAdded` scrolls to the end whatever the position: the user just sent.
   */
  render(rows: readonly Row[], history: HistoryInfo, context: RowContext, ownMessageAdded = false): void {
    const { scroller, list } = this.elements;
    this.history = history;
    // A window of older history keeps its place as newer pages arrive below.
    const follow = this.stickToBottom && !history.hasNewer;
    const anchor = follow ? undefined : this.captureAnchor();
    const previousLast = this.lastRowKey;
    list.setAttribute('aria-busy', String(history.loadingOlder || history.status === 'loading'));
    reconcile(
      list,
      rows,
      (row) => row.key,
      (row) => createRow(row),
      (element, row) => updateRow(element, row, context),
    );
    this.lastRowKey = rows[rows.length - 1]?.key;
    this.renderHistoryStatus();
    this.settleFocus();
    if (follow || ownMessageAdded) {
      this.scrollToBottom();
    } else {
      if (anchor) this.restoreAnchor(anchor);
      const last = rows[rows.length - 1];
      const appended = previousLast !== undefined && last !== undefined && last.key !== previousLast;
      if (appended && last.kind === 'message' && !last.mine) this.elements.newMessages.hidden = false;
    }
    if (this.startPending && history.status === 'ready') {
      this.startPending = false;
      if (!context.highlighted) this.scrollToUnread(false);
    }
    if (history.status === 'ready' && scroller.scrollTop <= 0 && history.hasMore && !history.loadingOlder) {
      // Still at the very top after a page: leave room so the next scroll up is an event.
      this.setScrollTop(1);
    }
    const highlightWaiting = this.bringHighlightIntoView(context.highlighted);
    // A window too short to scroll: fill it, but not before a message jumped to is in view (the
    // bottom is measured from there).
    if (this.isAtBottom() && !highlightWaiting) this.requestNewer();
  }

  /** The message row with this id, when shown. */
  rowOf(messageId: string): HTMLElement | undefined {
    return this.messageRows().find((row) => row.dataset.id === messageId);
  }

  /** The editor is about to open from elsewhere (Up-arrow in the composer): focus returns there. */
  returnFocusAfterEdit(element: HTMLElement): void {
    this.editorReturn = element;
  }

  private messageRows(): HTMLElement[] {
    return Array.from(this.elements.list.querySelectorAll<HTMLElement>('li[data-id]'));
  }

  /** Makes `row` the one message row in the Tab order. */
  private activate(row: HTMLElement): void {
    if (row.tabIndex === 0) return;
    for (const other of this.messageRows()) if (other.tabIndex === 0) setRowActive(other, false);
    setRowActive(row, true);
  }

  /**
   * After each render: one row is in the Tab order (the one the reader chose, else the newest, so
   * Tab enters the list where new messages are); a new editor takes focus; a closed editor gives it back.
   */
  private settleFocus(): void {
    const rows = this.messageRows();
    const last = rows[rows.length - 1];
    const current = rows.find((row) => row.tabIndex === 0);
    if (last && current !== last && (!current || current.dataset.id !== this.chosenRow)) this.activate(last);
    const fresh = this.elements.list.querySelector<HTMLElement>('form.message-editor[data-fresh]');
    if (fresh) {
      delete fresh.dataset.fresh;
      const row = fresh.closest<HTMLElement>('li[data-id]');
      if (!this.editorReturn) {
        const active = document.activeElement;
        this.editorReturn = active instanceof HTMLElement && active !== document.body ? active : (row ?? undefined);
      }
      if (row) this.activate(row);
      const input = fresh.querySelector('textarea');
      input?.focus();
      input?.setSelectionRange(input.value.length, input.value.length);
      return;
    }
    if (this.editorReturn && !this.elements.list.querySelector('form.message-editor')) {
      const target = this.editorReturn;
      this.editorReturn = undefined;
      const active = document.activeElement;
      if (!active || active === document.body || !active.isConnected) {
        if (target.isConnected) target.focus();
      }
    }
  }

  /**
   * A message newly highlighted (a jump, message-jump.ts) is scrolled to the centre and focused,
   * once, at the first render that shows its row. Returns whether one still waits for its row.
   */
  private bringHighlightIntoView(messageId: string | undefined): boolean {
    if (messageId === this.shownHighlight) return false;
    if (messageId === undefined) {
      this.shownHighlight = undefined;
      return false;
    }
    const row = this.rowOf(messageId);
    if (!row) return true;
    this.shownHighlight = messageId;
    const { scroller } = this.elements;
    const offset = row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    this.setScrollTop(scroller.scrollTop + offset - (scroller.clientHeight - row.offsetHeight) / 2);
    // The reader asked to see this message: new ones arriving below do not move it away.
    this.stickToBottom = false;
    this.activate(row);
    row.focus({ preventScroll: true });
    return false;
  }

  /**
   * Keys in the message list: Up/Down (Home/End) move between messages, Enter on a message
   * focuses its first action, Left/Right move between its actions, Escape goes back to the
   * message; in the editor Enter saves and Escape cancels.
   */
  private onListKey(event: KeyboardEvent): void {
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    if (!target) return;
    if (event.key === 'Escape' && target.closest('.message-editor')) {
      // From the text or the editor's buttons alike.
      event.preventDefault();
      event.stopPropagation();
      this.callbacks.cancelEdit();
      return;
    }
    if (target.matches('.message-editor textarea')) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        target.closest('form')?.requestSubmit();
      }
      return;
    }
    const row = target.closest<HTMLElement>('li[data-id]');
    if (!row) return;
    if (target === row) {
      // Alt/Ctrl/Meta with an arrow belong to the page (Alt+Up/Down: the next conversation).
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const rows = this.messageRows();
      const index = rows.indexOf(row);
      let next: HTMLElement | undefined;
      if (event.key === 'ArrowUp') next = rows[index - 1];
      else if (event.key === 'ArrowDown') next = rows[index + 1];
      else if (event.key === 'Home') next = rows[0];
      else if (event.key === 'End') next = rows[rows.length - 1];
      else if (event.key === 'Enter' || event.key === ' ') {
        const first =
          row.querySelector<HTMLElement>('.message-actions button') ?? row.querySelector<HTMLElement>('.quote-button');
        if (first) {
          event.preventDefault();
          first.focus();
        }
        return;
      } else return;
      event.preventDefault();
      if (next) {
        this.activate(next);
        next.focus();
      } else if (event.key === 'ArrowUp' || event.key === 'Home') {
        this.requestOlder();
      }
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      row.focus();
      return;
    }
    if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && target.matches('.message-actions button')) {
      const buttons = Array.from(row.querySelectorAll<HTMLElement>('.message-actions button'));
      const index = buttons.indexOf(target);
      const next = buttons[(index + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length];
      event.preventDefault();
      next?.focus();
    }
  }

  /**
   * Brings the `New messages` divider to the top of the view, below whatever floats there (the
   * unread bar); `focus` moves focus to the first unread message too (the bar's Jump). False when
   * there is no divider.
   */
  scrollToUnread(focus: boolean): boolean {
    const { scroller, list } = this.elements;
    const divider = list.querySelector<HTMLElement>('.unread-divider');
    if (!divider) return false;
    const floating = scroller.parentElement?.querySelector<HTMLElement>('.unread-bar:not([hidden])');
    const inset = floating ? floating.offsetHeight : 0;
    const offset = divider.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    this.setScrollTop(scroller.scrollTop + offset - inset - DIVIDER_GAP_PX);
    this.stickToBottom = this.isAtBottom();
    const first = divider.nextElementSibling;
    if (focus && first instanceof HTMLElement && first.matches('li[data-id]')) {
      this.activate(first);
      first.focus({ preventScroll: true });
    }
    return true;
  }

  isAtBottom(): boolean {
    const { scroller } = this.elements;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= BOTTOM_SLACK_PX;
  }

  scrollToBottom(): void {
    const { scroller } = this.elements;
    this.setScrollTop(scroller.scrollHeight - scroller.clientHeight);
    this.stickToBottom = true;
    this.elements.newMessages.hidden = true;
  }

  private onScroll(): void {
    const { scroller } = this.elements;
    if (this.ownScrollTop !== undefined && Math.abs(scroller.scrollTop - this.ownScrollTop) < 1) {
      this.ownScrollTop = undefined;
      return;
    }
    this.ownScrollTop = undefined;
    const atBottom = this.isAtBottom();
    if (atBottom && !this.stickToBottom) {
      this.elements.newMessages.hidden = true;
      this.callbacks.reachedBottom();
    }
    this.stickToBottom = atBottom;
    if (scroller.scrollTop <= LOAD_OLDER_WITHIN_PX) this.requestOlder();
    if (atBottom) this.requestNewer();
  }

  private requestNewer(): void {
    const { status, hasNewer, loadingNewer } = this.history;
    if (status === 'ready' && hasNewer && !loadingNewer) this.callbacks.loadNewer?.();
  }

  private requestOlder(): void {
    const { status, hasMore, loadingOlder } = this.history;
    if (status === 'ready' && hasMore && !loadingOlder) this.callbacks.loadOlder();
  }

  private setScrollTop(value: number): void {
    const { scroller } = this.elements;
    const before = scroller.scrollTop;
    scroller.scrollTop = value;
    if (scroller.scrollTop !== before) this.ownScrollTop = scroller.scrollTop;
  }

  /**
   * The first message at least partly visible, and how far below the top of the view it starts.
   * Day separators are skipped: older messages of the same day arrive below theirs, so it moves.
   */
  private captureAnchor(): { key: string; offset: number } | undefined {
    const { scroller, list } = this.elements;
    const top = scroller.getBoundingClientRect().top;
    for (const child of Array.from(list.children)) {
      if (!(child instanceof HTMLElement) || !child.dataset.key) continue;
      if (child.classList.contains('day-separator') || child.classList.contains('unread-divider')) continue;
      const box = child.getBoundingClientRect();
      if (box.bottom > top) return { key: child.dataset.key, offset: box.top - top };
    }
    return undefined;
  }

  private restoreAnchor(anchor: { key: string; offset: number }): void {
    const { scroller, list } = this.elements;
    const element = Array.from(list.children).find(
      (child): child is HTMLElement => child instanceof HTMLElement && child.dataset.key === anchor.key,
    );
    if (!element) return;
    const offset = element.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    const shift = offset - anchor.offset;
    if (Math.abs(shift) >= 1) this.setScrollTop(scroller.scrollTop + shift);
  }

  private renderHistoryStatus(): void {
    const { historyStatus, loadOlder, scroller } = this.elements;
    const { status, hasMore, loadingOlder } = this.history;
    const label = historyStatus.querySelector('.history-label');
    let text = '';
    if (status === 'loading' || loadingOlder) text = 'Loading messages…';
    else if (status === 'ready' && !hasMore) text = 'This is the beginning of the conversation.';
    if (label && label.textContent !== text) label.textContent = text;
    historyStatus.classList.toggle('loading', status === 'loading' || loadingOlder);
    loadOlder.hidden = !(status === 'ready' && hasMore && !loadingOlder);
    this.loadNewer.hidden = !(status === 'ready' && this.history.hasNewer && !this.history.loadingNewer);
    scroller.classList.toggle('has-more', status === 'ready' && hasMore);
  }
}
