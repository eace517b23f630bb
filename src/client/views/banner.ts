/**
 * The banner across the top of the conversation: shown while the connection is down, and when
 * the session has ended (with a way to sign in again).
 */
import { h } from '../dom';

export class BannerView {
  constructor(private readonly element: HTMLElement) {}

  show(text: string, kind: 'warning' | 'error', link?: { href: string; text: string }): void {
    this.element.className = `banner banner-${kind}`;
    this.element.replaceChildren(h('span', {}, text));
    if (link) this.element.append(' ', h('a', { href: link.href }, link.text));
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }
}
