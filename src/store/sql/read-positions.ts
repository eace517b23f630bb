/**
 * The read-position UPDATE shared by the message writer (senders read their own messages) and the
 * read batcher: one statement for a whole batch of positions, each moving only forward.
 */
import { CompiledQuery } from 'kysely';

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
