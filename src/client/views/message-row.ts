/**
 * The elements of one row of the message list: a day separator, a stored message, or one of the
 * user's outgoing messages with its state (sending, waiting, failed with Retry).
 */
import { syncAttachments } from '../attachments/message-attachments';
import { h } from '../dom';
import { renderMessageText } from '../format/render';
import type { Row } from '../message-layout';
import type { NameParts } from '../names';
import { formatFullDateTime, formatMessageTime } from '../time';
import { setName } from './name';

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
    h('div', { class: 'message-body' }, renderMessageText(text)),
  );
  if (row.kind === 'message') element.dataset.id = row.message.id;
  else element.append(h('div', { class: 'message-status', role: 'status' }));
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
    syncAttachments(element, row.message);
    return;
  }
  const { outgoing } = row;
  element.classList.add('mine', 'outgoing');
  syncAttachments(element, outgoing);
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
