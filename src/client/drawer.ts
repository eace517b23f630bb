/**
 * The sidebar as a drawer on narrow screens (chat.css's breakpoint): opened by the ☰ button, it
 * covers the page over a dimmed backdrop, the page behind it is inert and Tab stays inside
 * (FocusTrap). Escape, a tap on the backdrop or choosing a conversation closes it. On wide
 * screens the sidebar is always shown and none of this applies.
 */
import { h } from './dom';
import { FocusTrap } from './focus-trap';

/** As `@media (max-width: 760px)` in chat.css. */
const NARROW = '(max-width: 760px)';

export type DrawerElements = {
  toggle: HTMLButtonElement;
  sidebar: HTMLElement;
  /** What the drawer covers: inert while it is open. */
  behind: readonly HTMLElement[];
};

export class Drawer {
  private readonly backdrop: HTMLElement;
  private readonly narrow = window.matchMedia(NARROW);
  private trap: FocusTrap | undefined;

  constructor(private readonly elements: DrawerElements) {
    const { toggle, sidebar } = elements;
    this.backdrop = h('div', { class: 'drawer-backdrop', hidden: true });
    sidebar.after(this.backdrop);
    toggle.addEventListener('click', () => (this.isOpen ? this.close(true) : this.open()));
    this.backdrop.addEventListener('click', () => this.close(true));
    // Widened past the breakpoint: the sidebar is a column again, and nothing stays inert.
    this.narrow.addEventListener('change', () => {
      if (!this.narrow.matches) this.close(false);
    });
  }

  get isOpen(): boolean {
    return document.body.classList.contains('sidebar-open');
  }

  open(): void {
    if (this.isOpen) return;
    const { toggle, sidebar, behind } = this.elements;
    this.trap = new FocusTrap(sidebar);
    document.body.classList.add('sidebar-open');
    toggle.setAttribute('aria-expanded', 'true');
    this.backdrop.hidden = false;
    if (this.narrow.matches) for (const element of behind) element.inert = true;
    this.focusCurrent();
  }

  /** `returnFocus`: focus goes back to the ☰ button (else it stays, or the caller moves it). */
  close(returnFocus: boolean): void {
    if (!this.isOpen) return;
    const { toggle, behind } = this.elements;
    document.body.classList.remove('sidebar-open');
    toggle.setAttribute('aria-expanded', 'false');
    this.backdrop.hidden = true;
    for (const element of behind) element.inert = false;
    const trap = this.trap;
    this.trap = undefined;
    trap?.release(returnFocus ? toggle : false);
  }

  /** "Skip to conversations": the drawer on a narrow screen, then the open conversation's entry. */
  showConversations(): void {
    if (this.narrow.matches) this.open();
    else this.focusCurrent();
  }

  private focusCurrent(): void {
    const { sidebar } = this.elements;
    const entry =
      sidebar.querySelector<HTMLElement>('#channel-list button[aria-current="true"]') ??
      sidebar.querySelector<HTMLElement>('#channel-list button') ??
      sidebar.querySelector<HTMLElement>('button, input');
    entry?.focus();
  }
}
