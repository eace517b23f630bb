/**
 * Read positions moved in one statement for a whole batch, each only forward: the senders of a
 * message batch (`readPositionsUpdate`, one branch per sender, its text written once per count) and
 * a batch of reads (`readsUpdate`, one branch per channel and position, since the readers of one
 * message move together).
 */
import { CompiledQuery, sql } from 'kysely';
import { memberRange } from './memberships';

export type ReadPosition = { channelId: number; userId: number; id: number };

/** SQL text of the read-position UPDATE by number of positions; bounded by the largest batch. */
const readPositionSql = new Map<number, string>();
const MAX_SHAPES = 600;

function readPositionText(count: number): string {
  const known = readPositionSql.get(count);
  if (known !== undefined) return known;
  const pairs = Array.from({ length: count }, () => '(channel_id = ? AND user_id = ?');
  const text =
    `UPDATE channel_members SET last_read_id = CASE ${pairs.map((pair) => `WHEN ${pair}) THEN ?`).join(' ')} ` +
    `ELSE last_read_id END WHERE ${pairs.map((pair) => `${pair} AND last_read_id < ?)`).join(' OR ')}`;
  if (readPositionSql.size < MAX_SHAPES) readPositionSql.set(count, text);
  return text;
}

/**
 * One statement for the whole batch, not one round trip per sender (the bench's profile: those
 * UPDATEs were most of a MySQL batch's time). It scans the primary key in order, so concurrent
 * batches lock member rows in the same order (no deadlock between them). Its text depends only on
 * how many positions move, and is written once for each count (built with Kysely, its CASE of one
 * branch per position cost about 15 µs a message to build and compile); every value is a
 * parameter, so SQLite's statement cache reuses it from batch to batch.
 */
export function readPositionsUpdate(positions: readonly ReadPosition[]): CompiledQuery | undefined {
  if (positions.length === 0) return undefined;
  const values = positions.flatMap(({ channelId, userId, id }) => [channelId, userId, id]);
  return CompiledQuery.raw(readPositionText(positions.length), [...values, ...values]);
}

/**
 * One UPDATE for the positions of a batch of reads, grouped by channel and position: the readers of
 * one message move to the same id, so 500 readers of an `everyone` message are one branch, not 500
 * (one branch per reader cost MariaDB 4 ms a statement in the 5,000-user mix, 95 ms at worst).
 * Groups are in key order, so concurrent batches lock member rows in one order.
 */
export function readsUpdate(positions: readonly ReadPosition[]) {
  if (positions.length === 0) return undefined;
  const groups = new Map<string, { channelId: number; id: number; userIds: number[] }>();
  for (const { channelId, userId, id } of positions) {
    const key = `${channelId}:${id}`;
    const group = groups.get(key);
    if (group) group.userIds.push(userId);
    else groups.set(key, { channelId, id, userIds: [userId] });
  }
  const ordered = [...groups.values()].sort((a, b) => a.channelId - b.channelId || a.id - b.id);
  for (const group of ordered) group.userIds.sort((a, b) => a - b);
  const branches = ordered.map((group) => sql`WHEN ${memberRange(group.channelId, group.userIds)} THEN ${group.id}`);
  const rows = ordered.map((group) => sql`(${memberRange(group.channelId, group.userIds)} AND last_read_id < ${group.id})`);
  return sql`UPDATE channel_members SET last_read_id = CASE ${sql.join(branches, sql` `)} ELSE last_read_id END
    WHERE ${sql.join(rows, sql` OR `)}`;
}
