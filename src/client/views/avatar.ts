/**
 * Avatars made from the username alone, nothing fetched: its initials on one of a fixed set of
 * colours chosen by a hash of the lower-cased username, so a person keeps one colour everywhere.
 * Every colour of the set (`.avatar--0` … in chat.css) carries white text at 4.9:1 or better, in
 * both themes. Decorative (aria-hidden): the name is always written beside it. A presence dot, when
 * the person's presence is known, sits on its corner.
 */
import { h } from '../dom';

/** How many colours chat.css defines (`.avatar--0` to `.avatar--11`). */
export const AVATAR_COLOURS = 12;

export type AvatarSubject =
  { kind: 'person'; username: string; online?: boolean | undefined } | { kind: 'everyone' } | { kind: 'room'; name: string };

/** "AB" for `alice_bell` or `alice.bell`, "A" for `alice`; usernames are ASCII letters, digits and `_.-`. */
export function initialsOf(username: string): string {
  const [first = '', second] = username.split(/[._-]+/).filter((part) => part !== '');
  const initial = (part: string) => part.charAt(0).toUpperCase();
  const secondInitial = second !== undefined && /^[a-z]/i.test(second) ? initial(second) : '';
  return (initial(first) || '?') + secondInitial;
}

/** FNV-1a over the lower-cased name: the same colour for the same person on every page. */
export function colourIndexOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name.toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % AVATAR_COLOURS;
}

/** An empty avatar; `drawAvatar` fills it. Its size is the CSS's (`--avatar-size`). */
export function createAvatar(): HTMLElement {
  return h(
    'span',
    { class: 'avatar', 'aria-hidden': 'true' },
    h('span', { class: 'avatar__text' }),
    h('span', { class: 'avatar__presence' }),
  );
}

/** Shows `subject` in `element` (from createAvatar), touching the DOM only when something changed. */
export function drawAvatar(element: HTMLElement, subject: AvatarSubject): void {
  const { text, colour, presence } = look(subject);
  const key = `${subject.kind}:${colour}:${text}:${presence}`;
  if (element.dataset.shown === key) return;
  element.dataset.shown = key;
  element.className = `avatar avatar--${subject.kind} avatar--${colour}`;
  element.classList.toggle('has-presence', presence !== 'unknown');
  element.classList.toggle('online', presence === 'online');
  const label = element.querySelector('.avatar__text');
  if (label) label.textContent = text;
}

function look(subject: AvatarSubject): { text: string; colour: number | 'neutral'; presence: string } {
  switch (subject.kind) {
    case 'everyone':
      return { text: '', colour: 'neutral', presence: 'unknown' };
    case 'room':
      return { text: '#', colour: colourIndexOf(subject.name), presence: 'unknown' };
    case 'person': {
      const presence = subject.online === undefined ? 'unknown' : subject.online ? 'online' : 'offline';
      return { text: initialsOf(subject.username), colour: colourIndexOf(subject.username), presence };
    }
  }
}
