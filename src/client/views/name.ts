/**
 * A person's name as DOM nodes: the nickname in a <bdi>, so right-to-left text or direction
 * overrides in it cannot reorder the username shown after it, and the username in its own span,
 * styled apart, so a nickname that imitates "name (user)" still shows whose it is.
 */
import { h } from '../dom';
import { fullName, type NameParts } from '../names';

/** Plain text, or a person's name. */
export type Label = string | NameParts;

export function nameNodes(parts: NameParts): (Node | string)[] {
  if (!parts.nickname) return [h('span', { class: 'name-username' }, parts.username)];
  return [
    h('bdi', { class: 'name-nickname' }, parts.nickname),
    ' ',
    h('span', { class: 'name-username' }, `(${parts.username})`),
  ];
}

export function labelText(label: Label): string {
  return typeof label === 'string' ? label : fullName(label);
}

/** Shows a line of labels in `element`, touching the DOM only when its text changed. */
export function setLabels(element: HTMLElement, labels: readonly Label[]): void {
  const shown = labels.map(labelText).join('');
  if (element.dataset.shown === shown && element.textContent === shown) return;
  element.dataset.shown = shown;
  element.replaceChildren(
    ...labels.flatMap((label): (Node | string)[] => (typeof label === 'string' ? [label] : nameNodes(label))),
  );
}

/** Shows one person's name (or a plain title) in `element`. */
export function setName(element: HTMLElement, label: Label): void {
  setLabels(element, [label]);
}
