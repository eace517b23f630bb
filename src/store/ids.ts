/**
 * Ids cross the ports as decimal strings. Ids that come from outside (a client's channelId, a
 * paging cursor) may be anything; these helpers turn them into database keys or say they cannot be one.
 */

/** A row id as the stores hand it out. */
export function idString(value: string | number | bigint): string {
  return String(value);
}

/** The numeric key of an id of ours, or undefined when the text cannot name a row (not found). */
export function parseId(id: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(id)) return undefined;
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * A paging cursor or read position: a position between ids, not necessarily an existing one.
 * Values beyond any id we can issue are clamped, which keeps their meaning ("after everything").
 */
export function parsePosition(id: string): number {
  if (!/^\d+$/.test(id)) throw new RangeError('A message position must be a decimal integer');
  return Math.min(Number(id), Number.MAX_SAFE_INTEGER);
}

/** The lower id first, compared as numbers. */
export function orderedPair(a: string, b: string): [string, string] {
  return BigInt(a) <= BigInt(b) ? [a, b] : [b, a];
}

/** The unique key of the direct channel of two users. */
export function directKey(a: string, b: string): string {
  const [low, high] = orderedPair(a, b);
  return `${low}:${high}`;
}

/** A page size the SQL text can carry as a literal: a checked positive integer. */
export function checkedLimit(limit: number, max = 1000): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) throw new RangeError(`Bad limit: ${limit}`);
  return limit;
}
