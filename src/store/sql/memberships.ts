/**
 * Conditions on `channel_members` rows named by (channel, user), written one way for every
 * statement that reads or moves many of them: grouped by channel, `channel_id = ? AND user_id IN
 * (...)` is a range scan of the primary key on MySQL as on SQLite, where a long OR of (channel,
 * user) pairs cost MariaDB several times as much for 250 readers.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

export type Membership = { channelId: number; userId: number };

/** Members grouped by channel, each channel's users once, ascending. */
export function byChannel(memberships: readonly Membership[]): Map<number, number[]> {
  const grouped = new Map<number, Set<number>>();
  for (const { channelId, userId } of memberships) {
    const users = grouped.get(channelId);
    if (users) users.add(userId);
    else grouped.set(channelId, new Set([userId]));
  }
  return new Map([...grouped].map(([channelId, users]) => [channelId, [...users].sort((a, b) => a - b)]));
}

/** `channel_id = ? AND user_id IN (...)` on the table aliased `alias` (or unaliased). */
export function memberRange(channelId: number, userIds: readonly number[], alias?: string): RawBuilder<SqlBool> {
  const column = (name: string) => sql.ref(alias === undefined ? name : `${alias}.${name}`);
  return sql<SqlBool>`${column('channel_id')} = ${channelId} AND ${column('user_id')} IN (${sql.join(userIds)})`;
}

/** Exactly the rows of these memberships: one range per channel, or-ed. Needs at least one. */
export function membersAmong(memberships: readonly Membership[], alias?: string): RawBuilder<SqlBool> {
  const ranges = [...byChannel(memberships)].map(([channelId, userIds]) => sql`(${memberRange(channelId, userIds, alias)})`);
  return sql<SqlBool>`(${sql.join(ranges, sql` OR `)})`;
}
