/** RoomEventStore in memory, for the Engine's unit tests; the same semantics as the SQL store. */
import type { RoomEventStore } from '../../chat/ports';
import type { RoomEventDraft, RoomEventRecord, RoomEventSpan } from '../../chat/records';
import { latestMessageId, type MemoryState } from './state';

export class MemoryRoomEventStore implements RoomEventStore {
  private readonly events: RoomEventRecord[] = [];
  private nextId = 1;

  constructor(private readonly state: MemoryState) {}

  async append(draft: RoomEventDraft): Promise<RoomEventRecord> {
    const record: RoomEventRecord = {
      id: String(this.nextId++),
      channelId: draft.channelId,
      kind: draft.kind,
      actorId: draft.actorId,
      actorName: '',
      targetId: draft.targetId,
      targetName: null,
      createdAt: draft.createdAt,
      afterMessageId: String(latestMessageId(this.state, draft.channelId)),
    };
    this.events.push(record);
    return this.named(record);
  }

  async list(channelId: string, span: RoomEventSpan, limit: number): Promise<RoomEventRecord[]> {
    const from = span.from === undefined ? undefined : BigInt(span.from);
    const below = span.below === undefined ? undefined : BigInt(span.below);
    const within = this.events
      .filter((event) => {
        const place = BigInt(event.afterMessageId);
        return event.channelId === channelId && (from === undefined || place >= from) && (below === undefined || place < below);
      })
      .sort((a, b) => compare(a.afterMessageId, b.afterMessageId) || compare(a.id, b.id));
    return within.slice(Math.max(0, within.length - limit)).map((event) => this.named(event));
  }

  /** A copy with the usernames as they are registered. */
  private named(event: RoomEventRecord): RoomEventRecord {
    const name = (id: string) => this.state.users.get(id)?.username ?? '';
    return {
      ...event,
      actorName: name(event.actorId),
      targetName: event.targetId === null ? null : name(event.targetId),
    };
  }
}

function compare(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
