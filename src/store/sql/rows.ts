/** Rows to records: ids become decimal strings, BIGINT times numbers, flags booleans (messages: detailed-messages.ts). */
import type { ChannelRecord, UserRecord } from '../../chat/records';
import type { ChannelKind } from '../../shared';
import { idString } from '../ids';
import type { ChannelRow, UserRow } from './schema';

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
