/** RoomEventStore over SQL: one row per event, found by (channel_id, after_message_id, id). */
import type { Kysely } from 'kysely';
import type { RoomEventStore } from '../../chat/ports';
import type { RoomEventDraft, RoomEventRecord, RoomEventSpan } from '../../chat/records';
import { ROOM_EVENT_KINDS, type RoomEventKind } from '../../shared';
import { checkedLimit, idString, parseId, parsePosition } from '../ids';
import { latestMessageId } from './queries';
import type { Database } from './schema';

export class SqlRoomEventStore implements RoomEventStore {
  constructor(private readonly db: Kysely<Database>) {}

  async append(draft: RoomEventDraft): Promise<RoomEventRecord> {
    const channelId = requireId(draft.channelId);
    const actorId = requireId(draft.actorId);
    const targetId = draft.targetId === null ? null : requireId(draft.targetId);
    // Read apart from the insert: a message stored between the two only shifts the line by one place.
    const afterMessageId = await latestMessageId(this.db, channelId);
    const inserted = await this.db
      .insertInto('room_events')
      .values({
        channel_id: channelId,
        kind: draft.kind,
        actor_id: actorId,
        target_id: targetId,
        created_at: draft.createdAt,
        after_message_id: afterMessageId,
      })
      .executeTakeFirstOrThrow();
    const names = await this.usernames([actorId, ...(targetId === null ? [] : [targetId])]);
    return {
      id: idString(inserted.insertId ?? 0),
      channelId: idString(channelId),
      kind: draft.kind,
      actorId: idString(actorId),
      actorName: names.get(idString(actorId)) ?? '',
      targetId: targetId === null ? null : idString(targetId),
      targetName: targetId === null ? null : (names.get(idString(targetId)) ?? ''),
      createdAt: draft.createdAt,
      afterMessageId: idString(afterMessageId),
    };
  }

  async list(channelId: string, span: RoomEventSpan, limit: number): Promise<RoomEventRecord[]> {
    const channel = parseId(channelId);
    if (channel === undefined) return [];
    let query = this.db
      .selectFrom('room_events')
      .select(['id', 'channel_id', 'kind', 'actor_id', 'target_id', 'created_at', 'after_message_id'])
      .where('channel_id', '=', channel);
    if (span.from !== undefined) query = query.where('after_message_id', '>=', parsePosition(span.from));
    if (span.below !== undefined) query = query.where('after_message_id', '<', parsePosition(span.below));
    // Newest first to keep the newest when there are more than `limit`; turned back below.
    const rows = await query.orderBy('after_message_id', 'desc').orderBy('id', 'desc').limit(checkedLimit(limit)).execute();
    rows.reverse();
    const userIds = rows.flatMap((row) => [Number(row.actor_id), ...(row.target_id === null ? [] : [Number(row.target_id)])]);
    const names = await this.usernames(userIds);
    return rows.map((row) => ({
      id: idString(row.id),
      channelId: idString(row.channel_id),
      kind: toKind(row.kind),
      actorId: idString(row.actor_id),
      actorName: names.get(idString(row.actor_id)) ?? '',
      targetId: row.target_id === null ? null : idString(row.target_id),
      targetName: row.target_id === null ? null : (names.get(idString(row.target_id)) ?? ''),
      createdAt: Number(row.created_at),
      afterMessageId: idString(row.after_message_id),
    }));
  }

  private async usernames(ids: readonly number[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.db.selectFrom('users').select(['id', 'username']).where('id', 'in', unique).execute();
    return new Map(users.map((user) => [idString(user.id), user.username]));
  }
}

function requireId(id: string): number {
  const key = parseId(id);
  if (key === undefined) throw new RangeError(`Not an id: ${id}`);
  return key;
}

function toKind(kind: string): RoomEventKind {
  const known = ROOM_EVENT_KINDS.find((candidate) => candidate === kind);
  if (!known) throw new Error(`Unknown room event kind in the database: ${kind}`);
  return known;
}
