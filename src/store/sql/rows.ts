/** Rows to records: ids become decimal strings, BIGINT times numbers, flags booleans. */
import type { ChannelRecord, MessageRecord, UserRecord } from '../../chat/records';
import type { ChannelKind } from '../../shared';
import { idString } from '../ids';
import type { ChannelRow, MessageRow, UserRow } from './schema';

const KINDS: readonly ChannelKind[] = ['everyone', 'direct', 'room'];

export function toUser(row: UserRow): UserRecord {
  return {
    id: idString(row.id),
    username: row.username,
    nickname: row.nickname,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
  };
}

export function toChannel(row: ChannelRow): ChannelRecord {
  const kind = KINDS.find((known) => known === row.kind);
  if (!kind) throw new Error(`Unknown channel kind in the database: ${row.kind}`);
  return {
    id: idString(row.id),
    kind,
    name: row.name,
    isPrivate: Number(row.is_private) === 1,
    directPair: row.user_a !== null && row.user_b !== null ? [idString(row.user_a), idString(row.user_b)] : null,
    createdBy: row.created_by === null ? null : idString(row.created_by),
    createdAt: Number(row.created_at),
  };
}

export function toMessage(row: MessageRow & { sender_name: string }): MessageRecord {
  const message: MessageRecord = {
    id: idString(row.id),
    channelId: idString(row.channel_id),
    senderId: idString(row.sender_id),
    senderName: row.sender_name,
    text: row.text,
    createdAt: Number(row.created_at),
    clientId: row.client_id,
  };
  if (row.edited_at !== null) message.editedAt = Number(row.edited_at);
  if (Number(row.deleted) === 1) message.deleted = true;
  if (row.reply_to_id !== null) message.replyToId = idString(row.reply_to_id);
  return message;
}
