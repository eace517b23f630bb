/**
 * The bar over the top of the open conversation while some of its messages are unread (not yet
 * shown on screen): how many, "Jump to first unread" (back to the `New messages` divider) and
 * "Mark as read" (all of them, seen or not).
 */
import { h } from '../dom';
import type { UnreadBarState } from '../store/unread-bar-state';

export type UnreadBarCallbacks = {
  jumpToFirstUnread(): void;
  markAllRead(): void;
};

export class UnreadBar {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly jump: HTMLButtonElement;

  constructor(callbacks: UnreadBarCallbacks) {
    this.count = h('span', { class: 'unread-bar__count' });
    this.jump = h('button', { type: 'button', class: 'button button--quiet button--small' }, 'Jump to first unread');
    const markRead = h('button', { type: 'button', class: 'button button--quiet button--small' }, 'Mark as read');
    this.jump.addEventListener('click', () => callbacks.jumpToFirstUnread());
    markRead.addEventListener('click', () => callbacks.markAllRead());
    this.element = h('div', { class: 'unread-bar', hidden: true }, this.count, this.jump, markRead);
  }

  render(state: UnreadBarState): void {
    this.element.hidden = state === undefined;
    if (!state) return;
    const text = state.unread === 1 ? '1 new message' : `${state.unread} new messages`;
    if (this.count.textContent !== text) this.count.textContent = text;
    this.jump.hidden = !state.canJump;
  }
}
