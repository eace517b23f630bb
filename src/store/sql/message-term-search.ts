/**
 * Search on MySQL over `message_terms` (message-terms.ts), keyed (term, channel, message).
 *
 * For each of the user's channels (or the one asked for), one term, the driver, is walked newest
 * first below the cursor, each row checked for the other terms by primary key, and the walk stops
 * once it has enough for the page: one UNION ALL of short index range scans, merged by id. So a
 * query reads at most a page per channel of the user, plus the driver's rows that lack another
 * term: its cost follows the page, the user's channels and the driver's matches near the cursor,
 * never all the matches. The other terms are EXISTS checks, which MariaDB and MySQL run as a
 * semi-join: the optimizer drives with whichever term has the fewest rows in that channel below
 * the cursor (index dives), walking it in index order so that LIMIT still stops it.
 *
 * Every candidate is checked against its current text (textMatches), which decides: a word is
 * looked up by its longest start of a stored length only (TERM_LENGTHS), and the text is the
 * truth in any case. The candidates are read with their details, as the page answers them.
 *
 * Messages not indexed yet (message_terms_pending, message-term-indexer.ts) are candidates too:
 * the user's pending messages below the cursor, a few batches' worth while the indexer keeps up.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MessageRecord } from '../../chat/records';
import { textMatches } from '../../shared';
import { readRecords } from './detailed-messages';
import { lookupTerm } from './message-terms';
import type { Database } from './schema';

/** Channels per statement: a user in more channels gets several statements, each a page at most per channel. */
const CHANNELS_PER_QUERY = 100;
/** Pending messages read per search at most: far more than the indexer leaves unless it is failing. */
const PENDING_MAX = 2000;

export type TermFilters = { user: number; channel: number | undefined; before: number | undefined; size: number };

/** Up to size + 1 matching messages, newest first (the extra one says there is more). */
export async function termSearchRows(
  db: Kysely<Database>,
  words: readonly string[],
  filters: TermFilters,
): Promise<MessageRecord[]> {
  const terms = [...new Set(words.map(lookupTerm).filter((term) => term !== undefined))];
  if (terms.length === 0) return [];
  const channels = await memberChannels(db, filters.user, filters.channel);
  if (channels.length === 0) return [];
  const found = await pendingMatches(db, words, channels, filters.before);
  let cursor = filters.before;
  // Usually one round: a candidate fails its text only when a word of it starts like a search word's stored start.
  for (;;) {
    const wanted = filters.size + 1;
    const ids = await candidateIds(db, terms, channels, cursor, wanted);
    const messages = await messagesByIds(db, ids);
    found.push(...messages.filter((message) => textMatches(message.text, words)));
    const last = ids.at(-1);
    const page = newestOnce(found, wanted);
    // Enough once the page holds `wanted` messages at or above this round's lowest candidate.
    const lowest = page.length === wanted ? page.at(-1) : undefined;
    if (last === undefined || ids.length < wanted || (lowest !== undefined && Number(lowest.id) >= last)) return page;
    cursor = last;
  }
}

/** The newest `count` messages, each once (one indexed between two reads can be in both). */
function newestOnce(messages: readonly MessageRecord[], count: number): MessageRecord[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  return [...byId.values()].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, count);
}

/** The user's messages still waiting for the indexer, below the cursor, that match. */
async function pendingMatches(
  db: Kysely<Database>,
  words: readonly string[],
  channels: readonly number[],
  before: number | undefined,
): Promise<MessageRecord[]> {
  const { rows } = await sql<{ message_id: string | number }>`
    SELECT message_id FROM message_terms_pending
    WHERE channel_id IN (${sql.join(channels)}) ${below(sql.ref('message_id'), before)}
    ORDER BY message_id DESC LIMIT ${sql.lit(PENDING_MAX)}`.execute(db);
  const messages = await messagesByIds(
    db,
    rows.map((row) => Number(row.message_id)),
  );
  return messages.filter((message) => textMatches(message.text, words));
}

async function memberChannels(db: Kysely<Database>, user: number, channel: number | undefined): Promise<number[]> {
  let query = db.selectFrom('channel_members').select('channel_id').where('user_id', '=', user);
  if (channel !== undefined) query = query.where('channel_id', '=', channel);
  return (await query.execute()).map((row) => Number(row.channel_id));
}

function below(column: RawBuilder<unknown>, before: number | undefined): RawBuilder<unknown> {
  return before === undefined ? sql`` : sql`AND ${column} < ${before}`;
}

/**
 * The ids of the newest `wanted` messages below `before` holding every term, newest first. Later
 * statements (more than CHANNELS_PER_QUERY channels) only look above the ids already held.
 */
async function candidateIds(
  db: Kysely<Database>,
  terms: readonly string[],
  channels: readonly number[],
  before: number | undefined,
  wanted: number,
): Promise<number[]> {
  let best: number[] = [];
  for (let start = 0; start < channels.length; start += CHANNELS_PER_QUERY) {
    const floor = best.length >= wanted ? best[wanted - 1] : undefined;
    const more = await candidatesIn(db, terms, channels.slice(start, start + CHANNELS_PER_QUERY), before, floor, wanted);
    best = [...best, ...more].sort((a, b) => b - a).slice(0, wanted);
  }
  return best;
}

async function candidatesIn(
  db: Kysely<Database>,
  [driver, ...others]: readonly string[],
  channels: readonly number[],
  before: number | undefined,
  floor: number | undefined,
  wanted: number,
): Promise<number[]> {
  if (driver === undefined) return [];
  const above = floor === undefined ? sql`` : sql`AND t.message_id > ${floor}`;
  const holds = others.map(
    (term) =>
      sql`AND EXISTS (SELECT 1 FROM message_terms AS u WHERE u.term = ${term} AND u.channel_id = t.channel_id AND u.message_id = t.message_id)`,
  );
  const branches = channels.map(
    (channel) => sql`(SELECT t.message_id FROM message_terms AS t
      WHERE t.term = ${driver} AND t.channel_id = ${channel} ${below(sql.ref('t.message_id'), before)} ${above} ${sql.join(holds, sql` `)}
      ORDER BY t.message_id DESC LIMIT ${sql.lit(wanted)})`,
  );
  const { rows } = await sql<{ message_id: string | number }>`
    ${sql.join(branches, sql` UNION ALL `)} ORDER BY message_id DESC LIMIT ${sql.lit(wanted)}`.execute(db);
  return rows.map((row) => Number(row.message_id));
}

/** The live messages of these ids with their details, newest first. */
async function messagesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<MessageRecord[]> {
  if (ids.length === 0) return [];
  return readRecords(db, sql`messages`, sql`m.id IN (${sql.join(ids)}) AND m.deleted = 0`, 'DESC');
}
