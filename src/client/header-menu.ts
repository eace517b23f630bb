/**
 * On narrow screens the header's actions (Nickname, Sound, Alerts, Account, Log out) fold behind
 * one Menu button, so the header stays one row. The button toggles the panel; Escape, a click
 * elsewhere or focus moving away closes it. On wide screens the button is hidden and the actions
 * are always shown (chat.css).
 */
import { tabbablesIn } from './focus-trap';

export class HeaderMenu {
  constructor(
    private readonly toggle: HTMLButtonElement,
    private readonly panel: HTMLElement,
  ) {
    toggle.addEventListener('click', () => (this.isOpen ? this.close(false) : this.open()));
    document.addEventListener(
      'pointerdown',
      (event) => {
        const target = event.target;
        if (this.isOpen && target instanceof Node && !panel.contains(target) && !toggle.contains(target)) this.close(false);
      },
      true,
    );
    panel.addEventListener('focusout', (event) => {
      const next = event.relatedTarget;
      if (next instanceof Node && !panel.contains(next) && next !== toggle) this.close(false);
    });
  }

  get isOpen(): boolean {
    return document.body.classList.contains('header-menu-open');
  }

  open(): void {
    document.body.classList.add('header-menu-open');
    this.toggle.setAttribute('aria-expanded', 'true');
    tabbablesIn(this.panel)[0]?.focus();
  }

  /** `returnFocus`: back to the Menu button (Escape). */
  close(returnFocus: boolean): void {
    if (!this.isOpen) return;
    document.body.classList.remove('header-menu-open');
    this.toggle.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.toggle.focus();
  }
}
