/**
 * The files chosen for the next message, shown above the composer before it is sent: each with
 * its name, size and upload progress (or why it failed), and a button to remove it. Files start
 * uploading as soon as they are added; the message takes the ids of those uploaded.
 */
import { LIMITS } from '../../shared/limits';
import { formatFileSize, tooLargeMessage } from '../../shared/file-size';
import type { Attachment } from '../../shared/types';
import { h, reconcile } from '../dom';
import { uploadFile, type UploadHandle } from './upload-request';

type Item = {
  key: string;
  file: File;
  state: 'uploading' | 'ready' | 'failed';
  sent: number;
  attachment?: Attachment;
  error?: string;
  upload?: UploadHandle;
};

export type AttachmentTrayDeps = {
  /** The list the items are drawn in (hidden while empty). */
  tray: HTMLElement;
  /** The largest upload the server takes, when the page says. */
  maxBytes: number | undefined;
  /** Says something under the composer (a refused file). */
  tell(text: string, kind?: 'info' | 'error'): void;
};

let counter = 0;

export class AttachmentTray {
  private items: Item[] = [];

  constructor(private readonly deps: AttachmentTrayDeps) {
    deps.tray.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-remove]') : null;
      if (button?.dataset.remove) this.remove(button.dataset.remove);
    });
    this.render();
  }

  /** Adds files and starts uploading them; a file over the limit is refused at once, in words. */
  add(files: readonly File[]): void {
    for (const file of files) {
      if (this.items.length >= LIMITS.attachmentsMax) {
        this.deps.tell(`A message can carry at most ${LIMITS.attachmentsMax} files.`, 'error');
        break;
      }
      const item: Item = { key: `file-${++counter}`, file, state: 'uploading', sent: 0 };
      this.items.push(item);
      const { maxBytes } = this.deps;
      if (maxBytes !== undefined && file.size > maxBytes) {
        this.fail(item, tooLargeMessage(file.name || 'The file', maxBytes));
        continue;
      }
      this.start(item);
    }
    this.render();
  }

  /** Whether there is anything in the tray (a message may then have no text). */
  hasFiles(): boolean {
    return this.items.length > 0;
  }

  /** Whether a file is still on its way up. */
  busy(): boolean {
    return this.items.some((item) => item.state === 'uploading');
  }

  /** Resolves once no file is on its way up (those added meanwhile included). */
  async settled(): Promise<void> {
    while (this.busy()) {
      await Promise.all(this.items.map((item) => (item.state === 'uploading' ? item.upload?.done : undefined)));
    }
  }

  /** The uploaded files, in the order they were added. */
  ready(): Attachment[] {
    return this.items.flatMap((item) => (item.state === 'ready' && item.attachment ? [item.attachment] : []));
  }

  /** Empties the tray (the message took the files). */
  clear(): void {
    for (const item of this.items) if (item.state === 'uploading') item.upload?.abort();
    this.items = [];
    this.render();
  }

  private start(item: Item): void {
    item.upload = uploadFile(item.file, (sent) => {
      item.sent = sent;
      this.render();
    });
    void item.upload.done.then((result) => {
      if (!this.items.includes(item)) return;
      if (result.ok) {
        item.state = 'ready';
        item.attachment = result.attachment;
        this.render();
      } else this.fail(item, result.message);
    });
  }

  private fail(item: Item, message: string): void {
    item.state = 'failed';
    item.error = message;
    this.deps.tell(message, 'error');
    this.render();
  }

  private remove(key: string): void {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item) return;
    if (item.state === 'uploading') item.upload?.abort();
    this.items = this.items.filter((candidate) => candidate !== item);
    this.render();
  }

  private render(): void {
    const { tray } = this.deps;
    tray.hidden = this.items.length === 0;
    reconcile(
      tray,
      this.items,
      (item) => item.key,
      (item) =>
        h(
          'li',
          { class: 'attachment-item' },
          h('span', { class: 'attachment-item__name' }, item.file.name || 'file'),
          ' ',
          h('span', { class: 'attachment-item__size' }, formatFileSize(item.file.size)),
          h('progress', { class: 'attachment-item__progress', max: 100, value: 0 }),
          h('span', { class: 'attachment-item__status' }),
          h(
            'button',
            {
              type: 'button',
              class: 'link-button attachment-item__remove',
              'data-remove': item.key,
              'aria-label': `Remove ${item.file.name || 'file'}`,
            },
            'Remove',
          ),
        ),
      (element, item) => this.update(element, item),
    );
  }

  private update(element: HTMLElement, item: Item): void {
    element.dataset.state = item.state;
    const progress = element.querySelector('progress');
    const percent = item.state === 'uploading' ? Math.floor((item.sent / Math.max(1, item.file.size)) * 100) : 100;
    if (progress) {
      progress.value = Math.min(100, percent);
      progress.hidden = item.state !== 'uploading';
      progress.setAttribute('aria-label', `Uploading ${item.file.name}`);
    }
    const status = element.querySelector('.attachment-item__status');
    const text =
      item.state === 'uploading' ? `${Math.min(100, percent)}%` : item.state === 'ready' ? 'Ready' : (item.error ?? 'Failed');
    if (status && status.textContent !== text) status.textContent = text;
  }
}
