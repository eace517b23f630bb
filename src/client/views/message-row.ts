/**
 * The elements of one row of the message list: a day separator, a stored message, or one of the
 * user's outgoing messages with its state (sending, waiting, failed with Retry).
 *
 * A row is the sender's avatar (shown on the first message of a group; a grouped one shows its
 * time there on hover) beside `.message-content`: top to bottom the quote it replies to (a button
 * that jumps there), the name and time, the text (or a tombstone, or the in-place editor),
 * `(edited)`, the files, the reactions slot (`.message-reactions`), and `Seen`. The actions
 * (`Reply`, `React`, `Edit`, `Delete`: icons named by their text, shown on hover and focus) float
 * over the row's corner. Buttons carry `data-action`; ConversationView routes them.
 */
import type { Message } from '../../shared/types';
import { syncAttachments } from '../attachments/message-attachments';
import { h } from '../dom';
import { parseMessage, plainText } from '../format/parse';
import { renderMessageText } from '../format/render';
import type { Row } from '../message-layout';
import type { NameParts } from '../names';
import { DELETED_TEXT, firstLine } from '../store/message-selectors';
import { formatFullDateTime, formatMessageTime } from '../time';
import { createAvatar, drawAvatar } from './avatar';
import { icon, type IconName } from './icons';
import { createMarkerRow, updateMarkerRow } from './marker-row';
import { labelText, nameNodes, setName } from './name';
import { renderReactionBar } from './reaction-bar';

export type RowContext = {
  now: Date;
  me: string;
  nameOf(username: string): NameParts;
  /** The id of the message being edited here, if any. */
  editing?: string | undefined;
  /** The id of the user's message marked `Seen`, if any. */
  seen?: string | undefined;
  /** The id of the message highlighted for a moment, if any. */
  highlighted?: string | undefined;
  /** Whether Edit and Delete are offered on this message. */
  canChange?(message: Message): boolean;
  /** The message a reply quotes as it is now, when the page holds it (edited or deleted since). */
  current?(messageId: string): Message | undefined;
};

/** What a message row was last drawn from, so unchanged rows are not redrawn. */
type Drawn = { message: Message; editing: boolean; canChange: boolean };
const drawn = new WeakMap<HTMLElement, Drawn>();

/** The row's lasting structure; `updateRow` fills in everything that can change. */
export function createRow(row: Row): HTMLElement {
  if (row.kind === 'unread' || row.kind === 'event') return createMarkerRow(row);
  // A plain item of the list (a `separator` role would take it out of the list): "Today".
  if (row.kind === 'day') return h('li', { class: 'day-separator' }, h('span', {}, row.label));
  const meta = h(
    'div',
    { class: 'message-meta' },
    h('span', { class: 'message-author' }),
    ' ',
    h('time', { class: 'message-time' }),
  );
  if (row.kind === 'outgoing') {
    return h(
      'li',
      { class: 'message' },
      createAvatar(),
      h(
        'div',
        { class: 'message-content' },
        meta,
        h('div', { class: 'message-body' }, renderMessageText(row.outgoing.text)),
        h('div', { class: 'message-status', role: 'status' }),
      ),
    );
  }
  const element = h(
    'li',
    { class: 'message', tabindex: -1 },
    createAvatar(),
    h(
      'div',
      { class: 'message-content' },
      h('div', { class: 'message-quote' }),
      meta,
      h('div', { class: 'message-body' }),
      h('div', { class: 'message-reactions reactions', role: 'group', 'aria-label': 'Reactions' }),
    ),
    h('div', { class: 'message-actions', role: 'group', 'aria-label': 'Message actions' }),
  );
  element.dataset.id = row.message.id;
  return element;
}

/** Refreshes what can change on a row: grouping, relative times, an outgoing message's state. */
export function updateRow(element: HTMLElement, row: Row, context: RowContext): void {
  if (row.kind === 'unread' || row.kind === 'event') {
    updateMarkerRow(element, row, context);
    return;
  }
  if (row.kind === 'day') {
    const label = element.firstElementChild;
    if (label && label.textContent !== row.label) label.textContent = row.label;
    return;
  }
  element.classList.toggle('grouped', row.grouped);
  // Nicknames change: the name is refreshed with every render.
  const from = row.kind === 'message' ? row.message.from : context.me;
  const author = element.querySelector<HTMLElement>('.message-author');
  if (author) setName(author, context.nameOf(from));
  const avatar = element.querySelector<HTMLElement>(':scope > .avatar');
  if (avatar) drawAvatar(avatar, { kind: 'person', username: from });
  const time = element.querySelector('time');
  const sentAt = row.kind === 'message' ? new Date(row.message.sentAt) : row.outgoing.createdAt;
  if (time) {
    time.dateTime = sentAt.toISOString();
    time.title = formatFullDateTime(sentAt);
    time.textContent = formatMessageTime(sentAt, context.now);
  }
  if (row.kind === 'message') {
    element.classList.toggle('mine', row.mine);
    updateMessage(element, row.message, context);
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

/** Redraws what changed of a stored message: quote, text, editor, actions; then the marks. */
function updateMessage(element: HTMLElement, message: Message, context: RowContext): void {
  const now: Drawn = {
    message,
    editing: context.editing === message.id && !message.deleted,
    canChange: context.canChange?.(message) ?? false,
  };
  const before = drawn.get(element);
  const changed = !before || before.message !== message || before.canChange !== now.canChange;
  if (changed || before.editing !== now.editing) {
    drawn.set(element, now);
    element.classList.toggle('deleted', message.deleted === true);
    element.classList.toggle('editing', now.editing);
    const body = element.querySelector<HTMLElement>('.message-body');
    if (body && !now.editing) drawBody(body, message);
    if (now.editing && !body?.querySelector('.message-editor')) body?.replaceChildren(editor(message));
    const actions = element.querySelector<HTMLElement>('.message-actions');
    if (actions) drawActions(actions, message, now);
    const reactions = element.querySelector<HTMLElement>('.message-reactions');
    if (reactions && changed) {
      reactions.hidden = message.deleted === true;
      renderReactionBar(reactions, message.deleted ? [] : (message.reactions ?? []), context);
    }
    setRowActive(element, element.tabIndex === 0);
  }
  // Present only on the one message marked, so `Seen` is found once on the page.
  const quote = element.querySelector<HTMLElement>('.message-quote');
  if (quote) drawQuote(quote, message, context);
  const seen = element.querySelector<HTMLElement>('.message-seen');
  if (context.seen === message.id && !seen)
    element.querySelector('.message-content')?.append(h('p', { class: 'message-seen' }, 'Seen'));
  else if (context.seen !== message.id) seen?.remove();
  // A message jumped to (a search result, a reply's quote), for a moment.
  const highlighted = context.highlighted === message.id;
  element.classList.toggle('message--highlighted', highlighted);
  if (highlighted) element.setAttribute('aria-current', 'true');
  else element.removeAttribute('aria-current');
  markMentions(element, message, context.me);
}

/** A message mentioning me is marked (class, a left bar and a "Mentions you" tag), and so are my chips. */
function markMentions(element: HTMLElement, message: Message, myName: string): void {
  const me = myName.toLowerCase();
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
}

/** The quote of a reply: the original as the page holds it now, else as the server sent it. */
function drawQuote(container: HTMLElement, message: Message, context: RowContext): void {
  const quoted = message.deleted ? undefined : message.replyTo;
  const original = quoted && context.current?.(quoted.id);
  const deleted = original ? original.deleted === true : quoted?.deleted === true;
  const text = deleted ? DELETED_TEXT : plainLine(original?.text ?? quoted?.text ?? '');
  const name = quoted && context.nameOf(quoted.from);
  const key = quoted && name ? JSON.stringify([quoted.id, labelText(name), text]) : '';
  if (container.dataset.shown === key) return;
  container.dataset.shown = key;
  if (!quoted || !name) {
    container.replaceChildren();
    return;
  }
  container.replaceChildren(
    h(
      'button',
      { type: 'button', class: 'quote-button', 'data-action': 'quote', 'data-quote-id': quoted.id },
      h('span', { class: 'quote-author' }, ...nameNodes(name)),
      ' ',
      h('span', { class: 'quote-text' }, text),
    ),
  );
  // The new button follows the row's roving tabindex.
  const row = container.closest<HTMLElement>('li[data-id]');
  if (row) setRowActive(row, row.tabIndex === 0);
}

/** The first line of a message as it reads, without its markup (`**out**` reads "out"). */
function plainLine(text: string): string {
  return firstLine(plainText(parseMessage(text)));
}

function drawBody(body: HTMLElement, message: Message): void {
  if (message.deleted) {
    body.replaceChildren(h('p', { class: 'tombstone' }, DELETED_TEXT));
    return;
  }
  body.replaceChildren(renderMessageText(message.text, { mentions: message.mentions }));
  if (!message.editedAt) return;
  const editedAt = new Date(message.editedAt);
  const mark = h('span', { class: 'message-edited', title: `Edited ${formatFullDateTime(editedAt)}` }, '(edited)');
  // After the text, on its last line when that is a paragraph.
  const last = body.lastElementChild;
  if (last?.tagName === 'P') last.append(' ', mark);
  else body.append(mark);
}

/** The in-place editor: Enter saves, Shift+Enter adds a line, Escape cancels (ConversationView). */
function editor(message: Message): HTMLElement {
  const input = h('textarea', { class: 'message-editor__input', 'aria-label': 'Edit message', rows: 2 });
  input.value = message.text;
  const form = h(
    'form',
    { class: 'message-editor' },
    input,
    h(
      'div',
      { class: 'message-editor__actions' },
      h('button', { type: 'submit', class: 'button button--small' }, 'Save'),
      h('button', { type: 'button', class: 'button button--quiet button--small', 'data-action': 'cancel-edit' }, 'Cancel'),
      h('span', { class: 'hint' }, 'Enter to save, Escape to cancel'),
    ),
  );
  form.dataset.fresh = 'true';
  return form;
}

function drawActions(container: HTMLElement, message: Message, now: Drawn): void {
  if (message.deleted || now.editing) {
    container.replaceChildren();
    return;
  }
  // The text names the button (exactly `Reply`, `React`, `Edit`, `Delete`); the icon shows it.
  const button = (action: IconName, label: string) =>
    h(
      'button',
      { type: 'button', class: 'message-action', 'data-action': action, title: label },
      icon(action),
      h('span', { class: 'visually-hidden' }, label),
    );
  container.replaceChildren(button('reply', 'Reply'), button('react', 'React'));
  if (now.canChange) container.append(button('edit', 'Edit'), button('delete', 'Delete'));
}

/**
 * Roving tabindex: one message row (the active one) is in the Tab order, with its buttons; the
 * others are reached with the arrow keys, so Tab does not walk through every message's buttons.
 */
export function setRowActive(row: HTMLElement, active: boolean): void {
  row.tabIndex = active ? 0 : -1;
  for (const control of Array.from(row.querySelectorAll<HTMLElement>('button, textarea'))) {
    control.tabIndex = active ? 0 : -1;
  }
}
