/**
 * Places the rows that are not messages among the message rows of layoutRows: the `New messages`
 * divider above the first unread message, and each room event ("alice added bob") just after the
 * message it followed (before the first message with a greater id). A message right after either
 * starts a new group, so its sender's name shows again. Pure.
 */
import type { RoomEvent } from '../shared/types';
import type { Row } from './message-layout';
import { compareIds } from './message-order';

export const UNREAD_ROW_KEY = 'unread';

export function placeMarkers(rows: readonly Row[], events: readonly RoomEvent[], unreadFrom: string | undefined): Row[] {
  const placed: Row[] = [];
  let next = 0;
  let breakGroup = false;
  const eventsBefore = (messageId: string | undefined) => {
    // Events sorted by place: those placed before this message (all that remain, at the end).
    while (next < events.length) {
      const event = events[next];
      if (!event || (messageId !== undefined && compareIds(event.afterMessageId, messageId) >= 0)) break;
      placed.push({ kind: 'event', key: `e:${event.id}`, event });
      next++;
      breakGroup = true;
    }
  };
  for (const row of rows) {
    if (row.kind === 'message') {
      eventsBefore(row.message.id);
      if (row.message.id === unreadFrom) {
        placed.push({ kind: 'unread', key: UNREAD_ROW_KEY });
        breakGroup = true;
      }
    } else if (row.kind === 'outgoing') {
      eventsBefore(undefined);
    }
    if (breakGroup && (row.kind === 'message' || row.kind === 'outgoing')) {
      placed.push({ ...row, grouped: false });
      breakGroup = false;
    } else {
      if (row.kind !== 'day') breakGroup = false;
      placed.push(row);
    }
  }
  eventsBefore(undefined);
  return placed;
}
