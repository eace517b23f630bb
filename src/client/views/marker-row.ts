/**
 * The rows of the message list that are not messages (timeline-markers.ts places them): the
 * `New messages` divider above the first unread message, and a room event as a quiet line, its
 * people named as everywhere else on the page ("Ally (alice) added bob"), with its time.
 */
import type { RoomEvent } from '../../shared/types';
import { h } from '../dom';
import type { NameParts } from '../names';
import { formatFullDateTime, formatMessageTime } from '../time';
import { setLabels, type Label } from './name';

export type MarkerRow = { kind: 'unread'; key: string } | { kind: 'event'; key: string; event: RoomEvent };

/** What the divider reads. */
export const UNREAD_DIVIDER_TEXT = 'New messages';

export function createMarkerRow(row: MarkerRow): HTMLElement {
  if (row.kind === 'unread') return h('li', { class: 'unread-divider' }, h('span', {}, UNREAD_DIVIDER_TEXT));
  return h(
    'li',
    { class: 'room-event' },
    h('span', { class: 'room-event__text' }),
    ' ',
    h('time', { class: 'room-event__time' }),
  );
}

export function updateMarkerRow(
  element: HTMLElement,
  row: MarkerRow,
  context: { now: Date; nameOf(username: string): NameParts },
): void {
  if (row.kind === 'unread') return;
  const text = element.querySelector<HTMLElement>('.room-event__text');
  if (text) setLabels(text, roomEventLine(row.event, context.nameOf));
  const time = element.querySelector('time');
  if (time) {
    const at = new Date(row.event.at);
    time.dateTime = at.toISOString();
    time.title = formatFullDateTime(at);
    const shown = formatMessageTime(at, context.now);
    if (time.textContent !== shown) time.textContent = shown;
  }
}

/** "alice created the room", "carol joined", "alice added bob", "dave left": names as labels. */
export function roomEventLine(event: RoomEvent, nameOf: (username: string) => NameParts): Label[] {
  const actor = nameOf(event.actor);
  switch (event.kind) {
    case 'created':
      return [actor, ' created the room'];
    case 'joined':
      return [actor, ' joined'];
    case 'added':
      return event.target === undefined ? [actor, ' added someone'] : [actor, ' added ', nameOf(event.target)];
    case 'left':
      return [actor, ' left'];
  }
}
