/**
 * Lays a timeline out as rows: a separator at each new day, and consecutive messages from the
 * same sender within a few minutes grouped under one name. Pure, so it is tested without a DOM.
 */
import type { Message, RoomEvent } from '../shared/types';
import { daysBetween, formatDay } from './time';
import type { Outgoing } from './timeline';

export type Row =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: Message; grouped: boolean; mine: boolean }
  | { kind: 'outgoing'; key: string; outgoing: Outgoing; grouped: boolean }
  // Placed among the others by timeline-markers.ts: the `New messages` divider, a room event.
  | { kind: 'unread'; key: string }
  | { kind: 'event'; key: string; event: RoomEvent };

const GROUP_WINDOW_MS = 5 * 60_000;

export function layoutRows(messages: readonly Message[], pending: readonly Outgoing[], me: string, now: Date): Row[] {
  const rows: Row[] = [];
  let previous: { from: string; at: Date } | undefined;
  const place = (from: string, at: Date): boolean => {
    if (!previous || daysBetween(previous.at, at) !== 0) {
      rows.push({ kind: 'day', key: `day:${dayKey(at)}`, label: formatDay(at, now) });
      previous = undefined;
    }
    const grouped =
      previous !== undefined &&
      previous.from.toLowerCase() === from.toLowerCase() &&
      at.getTime() - previous.at.getTime() < GROUP_WINDOW_MS;
    previous = { from, at };
    return grouped;
  };
  for (const message of messages) {
    const at = new Date(message.sentAt);
    const grouped = place(message.from, at);
    rows.push({
      kind: 'message',
      key: `m:${message.id}`,
      message,
      grouped,
      mine: message.from.toLowerCase() === me.toLowerCase(),
    });
  }
  for (const outgoing of pending) {
    // Private messages sent from here belong to another conversation: never grouped with this one's.
    const grouped = place(outgoing.to ? `@${outgoing.to}` : me, outgoing.createdAt);
    rows.push({ kind: 'outgoing', key: `o:${outgoing.clientId}`, outgoing, grouped });
  }
  return rows;
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}
