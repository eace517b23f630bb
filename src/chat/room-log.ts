/**
 * The history of a room's members: who created it, joined, added whom, left. Each change is stored
 * (RoomEventStore) and told to the room's members as it happens; pages of history carry the
 * events of their span. Events are not messages: they never change message ids, unread counts or
 * `lastMessage`, which is why they travel beside the messages (`events`), never among them.
 */
import { LIMITS, type RoomEvent, type RoomEventKind } from '../shared';
import type { ChatContext } from './context';
import type { RoomEventStore } from './ports';
import type { ChannelRecord, HistoryCursor, HistoryPage, RoomEventRecord, RoomEventSpan } from './records';

export class RoomLog {
  constructor(
    private readonly context: Pick<ChatContext, 'clock' | 'emit' | 'failed'>,
    /** Without a store (some unit tests) nothing is recorded and pages carry no events. */
    private readonly store: RoomEventStore | undefined,
  ) {}

  /**
   * Stores and announces one change. Best effort: the membership change it describes is already
   * made, so a failure is logged and never undoes or refuses it. `alsoTo`: users whose sockets
   * may not hear the room yet (a newcomer).
   */
  async record(
    channel: ChannelRecord,
    kind: RoomEventKind,
    actorId: string,
    targetId: string | null,
    alsoTo: readonly string[] = [],
  ): Promise<void> {
    if (!this.store || channel.kind !== 'room') return;
    try {
      const record = await this.store.append({ channelId: channel.id, kind, actorId, targetId, createdAt: this.context.clock() });
      this.context.emit({ type: 'roomEvent', channel, event: toRoomEvent(record), userIds: [...alsoTo] });
    } catch (error) {
      this.context.failed(error, 'recording a room event failed');
    }
  }

  /** The events within a page's span (see spanOf); undefined for channels other than rooms. */
  async forPage(channel: ChannelRecord, cursor: HistoryCursor, page: HistoryPage): Promise<RoomEvent[] | undefined> {
    if (!this.store || channel.kind !== 'room') return undefined;
    const records = await this.store.list(channel.id, spanOf(cursor, page), LIMITS.roomEventsPerPage);
    return records.map(toRoomEvent);
  }
}

/**
 * The events that belong with a page. An event sits just after message `afterMessageId`; a page
 * covers the places from its first message (or the very beginning, for the oldest page) up to the
 * next page (`before`: its cursor; `after` with newer pages: its last message; the latest page:
 * the end). Consecutive pages thus share no place and leave none out.
 */
export function spanOf(cursor: HistoryCursor, page: HistoryPage): RoomEventSpan {
  const first = page.messages[0]?.id;
  const last = page.messages[page.messages.length - 1]?.id;
  if (cursor.after !== undefined) {
    return page.hasMore && last !== undefined ? { from: cursor.after, below: last } : { from: cursor.after };
  }
  const from = page.hasMore && first !== undefined ? first : undefined;
  const span: RoomEventSpan = {};
  if (from !== undefined) span.from = from;
  if (cursor.before !== undefined) span.below = cursor.before;
  return span;
}

export function toRoomEvent(record: RoomEventRecord): RoomEvent {
  const event: RoomEvent = {
    id: record.id,
    channelId: record.channelId,
    kind: record.kind,
    actor: record.actorName,
    at: new Date(record.createdAt).toISOString(),
    afterMessageId: record.afterMessageId,
  };
  if (record.targetName !== null) event.target = record.targetName;
  return event;
}
