/**
 * A message's attachments in the conversation: images inline (their file name as `alt`, in a box of
 * fixed size so the list does not jump as they load, lazy-loaded, opening full size in a new tab on
 * click), other files as a link with their name and size. Built with DOM nodes only.
 */
import { formatFileSize } from '../../shared/file-size';
import type { Attachment, Message } from '../../shared/types';
import { h } from '../dom';

const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

function renderOne(attachment: Attachment): HTMLElement {
  if (INLINE.has(attachment.type)) {
    return h(
      'a',
      { class: 'attachment-image', href: attachment.url, target: '_blank', rel: 'noopener', title: attachment.name },
      h('img', { src: attachment.url, alt: attachment.name, loading: 'lazy', decoding: 'async' }),
    );
  }
  return h(
    'a',
    { class: 'attachment-file', href: attachment.url, download: attachment.name },
    h('span', { class: 'attachment-file__name' }, attachment.name),
    ' ',
    h('span', { class: 'attachment-file__size' }, `(${formatFileSize(attachment.size)})`),
  );
}

/**
 * Makes the row's attachments match the message's (they go when the message is deleted); an
 * outgoing message shows the files it is sending.
 */
export function syncAttachments(row: HTMLElement, message: Pick<Message, 'attachments' | 'deleted'>): void {
  const attachments = message.deleted ? [] : (message.attachments ?? []);
  const key = attachments.map((attachment) => attachment.id).join(' ');
  let container = row.querySelector<HTMLElement>('.message-attachments');
  if ((container?.dataset.ids ?? '') === key) return;
  if (attachments.length === 0) {
    container?.remove();
    return;
  }
  if (!container) {
    container = h('div', { class: 'message-attachments' });
    const body = row.querySelector('.message-body');
    if (body) body.after(container);
    else row.append(container);
  }
  container.dataset.ids = key;
  container.replaceChildren(...attachments.map(renderOne));
}
