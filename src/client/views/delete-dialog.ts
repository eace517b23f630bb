/**
 * "Delete this message?": a modal dialog asking before a message is deleted for everyone. Built
 * here (the page template stays static); focus starts on Cancel, Escape cancels, and focus goes
 * back to the Delete button that opened it.
 */
import { h } from '../dom';
import { Modal } from './modal';

export class DeleteDialog {
  private readonly modal: Modal;
  private readonly preview: HTMLElement;
  private readonly cancel: HTMLButtonElement;
  private pending: (() => void) | undefined;
  private focusAfter: HTMLElement | undefined;

  constructor(parent: HTMLElement = document.body) {
    this.preview = h('p', { class: 'dialog__subtitle delete-preview', id: 'delete-message-preview' });
    this.cancel = h('button', { type: 'button', class: 'button button--quiet', 'data-close': true }, 'Cancel');
    const confirm = h('button', { type: 'submit', class: 'button button--danger' }, 'Delete');
    const form = h(
      'form',
      { class: 'dialog__body', method: 'dialog' },
      h('h2', { class: 'dialog__title', id: 'delete-message-title' }, 'Delete this message?'),
      this.preview,
      h('p', {}, 'It is deleted for everyone in the conversation, and this cannot be undone.'),
      h('div', { class: 'dialog__actions' }, this.cancel, confirm),
    );
    const dialog = h(
      'dialog',
      {
        class: 'dialog delete-dialog',
        'aria-labelledby': 'delete-message-title',
        'aria-describedby': 'delete-message-preview',
      },
      form,
    );
    parent.append(dialog);
    this.modal = new Modal(dialog, () => (this.pending = undefined));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const confirmed = this.pending;
      this.pending = undefined;
      this.modal.close(this.focusAfter);
      confirmed?.();
    });
  }

  /**
   * Asks; `confirmed` runs only if the user chooses Delete, and focus then goes to `focusAfter`
   * (the button that opened the dialog goes away with the text). `preview`: the message's first line.
   */
  ask(preview: string, confirmed: () => void, focusAfter?: HTMLElement): void {
    this.preview.textContent = preview;
    this.pending = confirmed;
    this.focusAfter = focusAfter;
    this.modal.open(this.cancel);
  }
}
