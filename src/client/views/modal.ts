/**
 * A modal <dialog>: showModal() makes the rest of the page inert and a FocusTrap keeps Tab inside;
 * Escape and any `[data-close]` button close it; a click on the backdrop closes it too. Focus goes
 * back to whatever had it before the dialog opened.
 */
import { FocusTrap } from '../focus-trap';

export class Modal {
  private trap: FocusTrap | undefined;
  /** Where focus goes on close instead of the opener (the dialog led somewhere else). */
  private focusAfter: HTMLElement | undefined;

  constructor(
    readonly dialog: HTMLDialogElement,
    onClose: () => void = () => undefined,
  ) {
    dialog.addEventListener('close', () => {
      onClose();
      const trap = this.trap;
      const target = this.focusAfter;
      this.trap = undefined;
      this.focusAfter = undefined;
      trap?.release(target);
    });
    dialog.addEventListener('click', (event) => {
      // The dialog's own box is covered by its body: a click on the dialog itself is on the backdrop.
      if (event.target === dialog) this.close();
      const button = event.target instanceof Element ? event.target.closest('[data-close]') : null;
      if (button) this.close();
    });
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  /** Opens the dialog and focuses `focus` (else its first focusable control). */
  open(focus?: HTMLElement): void {
    if (this.dialog.open) return;
    this.trap = new FocusTrap(this.dialog);
    this.dialog.showModal();
    focus?.focus();
  }

  /** `focusAfter`: where focus goes instead of back to the opener (the dialog led somewhere else). */
  close(focusAfter?: HTMLElement): void {
    if (focusAfter) this.focusAfter = focusAfter;
    if (this.dialog.open) this.dialog.close();
  }
}
