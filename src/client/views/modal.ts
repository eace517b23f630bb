/**
 * A modal <dialog>: showModal() keeps focus inside and makes the rest of the page inert; Escape
 * and any `[data-close]` button close it; a click on the backdrop closes it too. Focus goes back
 * to whatever had it before the dialog opened.
 */
export class Modal {
  private returnFocus: HTMLElement | null = null;

  constructor(
    readonly dialog: HTMLDialogElement,
    onClose: () => void = () => undefined,
  ) {
    dialog.addEventListener('close', () => {
      onClose();
      const target = this.returnFocus;
      this.returnFocus = null;
      if (target?.isConnected) target.focus();
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
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.dialog.showModal();
    focus?.focus();
  }

  /** `focusAfter`: where focus goes instead of back to the opener (the dialog led somewhere else). */
  close(focusAfter?: HTMLElement): void {
    if (focusAfter) this.returnFocus = focusAfter;
    if (this.dialog.open) this.dialog.close();
  }
}
