/**
 * The bar above the composer while a reply is being written: "Replying to <name>: <first line>",
 * with a button to cancel it (Escape in the composer cancels too).
 */
import { h } from '../dom';
import type { NameParts } from '../names';
import { nameNodes } from './name';

export type ReplyPreview = { name: NameParts; text: string };

export class ReplyBar {
  private shown = '';

  constructor(
    private readonly element: HTMLElement,
    cancel: () => void,
  ) {
    element.addEventListener('click', (event) => {
      if (event.target instanceof Element && event.target.closest('button')) cancel();
    });
  }

  render(preview: ReplyPreview | undefined): void {
    const key = preview ? JSON.stringify(preview) : '';
    if (key === this.shown) return;
    this.shown = key;
    this.element.hidden = !preview;
    if (!preview) {
      this.element.replaceChildren();
      return;
    }
    this.element.replaceChildren(
      h(
        'p',
        { class: 'reply-bar__text' },
        'Replying to ',
        h('span', { class: 'reply-bar__name' }, ...nameNodes(preview.name)),
        ': ',
        h('span', { class: 'reply-bar__quote' }, preview.text),
      ),
      // Named "Cancel", not "Cancel reply": a search for the messages' `Reply` buttons must not find it.
      h('button', { type: 'button', class: 'button button--quiet button--small', title: 'Stop replying (Escape)' }, 'Cancel'),
    );
  }
}
