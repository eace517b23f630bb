/**
 * The elements of one row of the message list: a day separator, a stored message, or one of the
 * user's outgoing messages with its state (sending, waiting, failed with Retry).
 */
import { h } from '../dom';
import { renderMessageText } from '../format/render';
import type { Message } from '../../shared/types';
import type { Row } from '../message-layout';
import type { NameParts } from '../names';
import { formatFullDateTime, formatMessageTime } from '../time';
import { setName } from './name';
import { renderReactionBar } from './reaction-bar';

export type RowContext = {
  now: Date;
  me: string;
  nameOf(username: string): NameParts;
};

/** The row's lasting structure; `updateRow` fills in everything that can change. */
export function createRow(row: Row): HTMLElement {
  if (row.kind === 'day') return h('li', { class: 'day-separator', role: 'separator' }, h('span', {}, row.label));
  const text = row.kind === 'message' ? row.message.text : row.outgoing.text;
  const element = h(
    'li',
    { class: 'message' },
    h('div', { class: 'message-meta' }, h('span', { class: 'message-author' }), ' ', h('time', { class: 'message-time' })),
    h(
      'div',
      { class: 'message-body' },
      renderMessageText(text, row.kind === 'message' ? { mentions: row.message.mentions } : {}),
    ),
  );
  if (row.kind === 'message') {
    element.dataset.id = row.message.id;
    element.append(h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' }));
  } else element.append(h('div', { class: 'message-status', role: 'status' }));
  return element;
}

/** Refreshes what can change on a row: grouping, relative times, an outgoing message's state. */
export function updateRow(element: HTMLElement, row: Row, context: RowContext): void {
  if (row.kind === 'day') {
    const label = element.firstElementChild;
    if (label && label.textContent !== row.label) label.textContent = row.label;
    return;
  }
  element.classList.toggle('grouped', row.grouped);
  // Nicknames change: the name is refreshed with every render.
  const author = element.querySelector<HTMLElement>('.message-author');
  if (author) setName(author, context.nameOf(row.kind === 'message' ? row.message.from : context.me));
  const time = element.querySelector('time');
  const sentAt = row.kind === 'message' ? new Date(row.message.sentAt) : row.outgoing.createdAt;
  if (time) {
    time.dateTime = sentAt.toISOString();
    time.title = formatFullDateTime(sentAt);
    time.textContent = formatMessageTime(sentAt, context.now);
  }
  if (row.kind === 'message') {
    element.classList.toggle('mine', row.mine);
    updateMentionsAndReactions(element, row.message, context);
    return;
  }
  const { outgoing } = row;
  element.classList.add('mine', 'outgoing');
  element.classList.toggle('failed', outgoing.state === 'failed');
  element.dataset.clientId = outgoing.clientId;
  const status = element.querySelector('.message-status');
  if (!status) return;
  const recipient = outgoing.to ? `Private to ${outgoing.to} · ` : '';
  const summary =
    outgoing.state === 'sending'
      ? 'Sending…'
      : outgoing.state === 'queued'
        ? 'Waiting for the connection…'
        : `Not sent: ${outgoing.error ?? 'unknown error'}`;
  const label = recipient + summary;
  if (status instanceof HTMLElement) {
    if (status.dataset.shown === `${outgoing.state}:${label}`) return;
    status.dataset.shown = `${outgoing.state}:${label}`;
  }
  status.replaceChildren(h('span', {}, label));
  if (outgoing.state === 'failed') {
    status.append(
      h('button', { type: 'button', class: 'link-button', 'data-action': 'retry' }, 'Retry'),
      h('button', { type: 'button', class: 'link-button', 'data-action': 'discard' }, 'Discard'),
    );
  }
}

/** A message mentioning me is marked (class, a left bar and a "Mentions you" tag); its reactions are drawn. */
function updateMentionsAndReactions(element: HTMLElement, message: Message, context: RowContext): void {
  const me = context.me.toLowerCase();
  const mentioned = !message.deleted && (message.mentions ?? []).some((name) => name.toLowerCase() === me);
  element.classList.toggle('mentions-me', mentioned);
  let flag = element.querySelector('.mention-flag');
  if (mentioned && !flag) {
    flag = h('span', { class: 'mention-flag' }, 'Mentions you');
    element.querySelector('.message-meta')?.append(' ', flag);
  } else if (!mentioned && flag) {
    flag.remove();
  }
  for (const chip of Array.from(element.querySelectorAll<HTMLElement>('.message-body .mention'))) {
    chip.classList.toggle('mention-me', chip.dataset.username?.toLowerCase() === me);
  }
  const bar = element.querySelector<HTMLElement>('.reactions');
  if (bar) {
    bar.hidden = message.deleted === true;
    renderReactionBar(bar, message.reactions ?? [], context);
  }
}
