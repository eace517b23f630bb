/**
 * Keeps the keyboard inside an open dialog and gives focus back when it closes: the one helper
 * every dialog of the page uses (Modal, the quick switcher, the emoji picker, the phone's drawer).
 * A native modal <dialog> makes the page behind it inert, but Tab still walks out of it into the
 * browser's own controls; here Tab past the last control comes back to the first, and Shift+Tab
 * before the first goes to the last.
 */
const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]',
].join(', ');

/** The controls Tab can reach inside `container`, in document order. */
export function tabbablesIn(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    (element) => element.tabIndex >= 0 && element.getClientRects().length > 0 && !element.closest('[inert]'),
  );
}

export class FocusTrap {
  /** Where focus was when the trap was set: it goes back there on release. */
  private readonly opener: HTMLElement | undefined;
  private readonly onKey = (event: KeyboardEvent) => this.keepInside(event);

  constructor(private readonly container: HTMLElement) {
    const active = document.activeElement;
    this.opener = active instanceof HTMLElement && active !== document.body ? active : undefined;
    document.addEventListener('keydown', this.onKey, true);
  }

  /** Stops trapping. Focus goes to `to` (by default the opener), or stays where it is with `false`. */
  release(to: HTMLElement | false | undefined = this.opener): void {
    document.removeEventListener('keydown', this.onKey, true);
    if (to && to.isConnected) to.focus();
  }

  private keepInside(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
    const controls = tabbablesIn(this.container);
    const first = controls[0];
    const last = controls[controls.length - 1];
    const active = document.activeElement;
    const outside = !(active instanceof Node) || !this.container.contains(active);
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    if (event.shiftKey && (outside || active === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (outside || active === last)) {
      event.preventDefault();
      first.focus();
    }
  }
}
