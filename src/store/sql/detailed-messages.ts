/**
 * Messages with their senders and details (the quote of the message replied to, reactions,
 * mentions, attachments) as they are now, in ONE statement whatever the number of messages: the
 * sender and the quote are joined, and each list of details is a correlated subquery on an index
 * by message, aggregated into JSON (`JSON_ARRAYAGG` in MariaDB, `json_group_array` in SQLite).
 * History pages, `find`, search, appends and channel summaries all read messages this way.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isMysql } from './db';
import type { AttachmentInfo, MessageRecord } from '../../chat/records';
import type { Reaction } from '../../shared';
import { idString } from '../ids';
import type { Database } from './schema';

/** One reaction row: `id` orders emoji by first use and users by when they reacted. */
export type ReactionRow = { id: number; emoji: string; userId: string; username: string };

/** A record with what the message actions need besides it: its reaction rows. */
export type DetailedMessage = { record: MessageRecord; reactionRows: ReactionRow[] };

const MESSAGE_COLUMNS = [
  'id',
  'channel_id',
  'sender_id',
  'text',
  'client_id',
  'created_at',
  'edited_at',
  'deleted',
  'reply_to_id',
];

/** The plain columns of `m`, for a derived table that the detailed select then reads. */
export const MESSAGE_COLUMN_LIST = sql.raw(MESSAGE_COLUMNS.map((column) => `m.${column}`).join(', '));

/** The text of `detailColumns` by dialect and prefix, written once. */
const columnTexts = new Map<string, string>();

/**
 * The columns of message `m` with its details, each named with `prefix` (so that they can sit
 * beside another table's columns). Needs DETAIL_JOINS in the FROM clause.
 */
export function detailColumns(db: Kysely<Database>, prefix = ''): RawBuilder<unknown> {
  const agg = isMysql(db) ? 'JSON_ARRAYAGG' : 'json_group_array';
  const key = `${agg}:${prefix}`;
  let text = columnTexts.get(key);
  if (text === undefined) {
    text = columnsText(agg, prefix);
    columnTexts.set(key, text);
  }
  return sql.raw(text);
}

function columnsText(agg: string, prefix: string): string {
  const own = MESSAGE_COLUMNS.map((column) => `m.${column} AS ${prefix}${column}`).join(', ');
  return `${own},
    u.username AS ${prefix}sender_name,
    q.text AS ${prefix}quote_text, q.deleted AS ${prefix}quote_deleted, qu.username AS ${prefix}quote_from,
    (SELECT ${agg}(json_array(r.id, r.emoji, r.user_id, ru.username) ORDER BY r.id)
      FROM message_reactions AS r INNER JOIN users AS ru ON ru.id = r.user_id
      WHERE r.message_id = m.id) AS ${prefix}reactions,
    (SELECT ${agg}(mu.username ORDER BY mm.position)
      FROM message_mentions AS mm INNER JOIN users AS mu ON mu.id = mm.user_id
      WHERE mm.message_id = m.id) AS ${prefix}mentions,
    (SELECT ${agg}(json_array(a.id, a.name, a.type, a.size) ORDER BY a.position)
      FROM attachments AS a WHERE a.message_id = m.id) AS ${prefix}attachments`;
}

/**
 * The joins `detailColumns` reads: the sender and the quoted message with its sender. LEFT joins
 * keep `m` first in MariaDB's plan (an inner join may let it drive from `users`).
 */
export const DETAIL_JOINS = sql.raw(`LEFT JOIN users AS u ON u.id = m.sender_id
    LEFT JOIN messages AS q ON q.id = m.reply_to_id
    LEFT JOIN users AS qu ON qu.id = q.sender_id`);

/**
 * Reads the detailed messages of `source`: a table expression aliased `m` (the `messages` table, or
 * a derived table of message columns such as a keyset page), with an optional WHERE, in id order.
 */
export async function readDetailed(
  db: Kysely<Database>,
  source: RawBuilder<unknown>,
  where: RawBuilder<unknown> | undefined,
  order: 'ASC' | 'DESC' = 'ASC',
): Promise<DetailedMessage[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${detailColumns(db)}
    FROM ${source} AS m
    ${DETAIL_JOINS}
    ${where === undefined ? sql`` : sql`WHERE ${where}`}
    ORDER BY m.id ${sql.raw(order)}`.execute(db);
  return rows.map((row) => toDetailed(row));
}

/** The records alone of `readDetailed`. */
export async function readRecords(
  db: Kysely<Database>,
  source: RawBuilder<unknown>,
  where: RawBuilder<unknown> | undefined,
  order: 'ASC' | 'DESC' = 'ASC',
): Promise<MessageRecord[]> {
  return (await readDetailed(db, source, where, order)).map((detailed) => detailed.record);
}

/** The messages with these ids (any order, unknown ids left out), oldest first. */
export function readByIds(db: Kysely<Database>, ids: readonly number[]): Promise<DetailedMessage[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return readDetailed(db, sql`messages`, sql`m.id IN (${sql.join(ids.map((id) => sql`${id}`))})`);
}

/** MariaDB answers the JSON of an aggregate as text; MySQL 8's JSON type arrives parsed. */
function parsedList(value: unknown): unknown[] {
  if (value == null) return [];
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}

function tuple(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reactions grouped by emoji, emoji in order of first use, users in order of reacting. */
export function groupReactions(rows: readonly ReactionRow[]): Reaction[] {
  const groups = new Map<string, string[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const users = groups.get(row.emoji);
    if (users) users.push(row.username);
    else groups.set(row.emoji, [row.username]);
  }
  return [...groups].map(([emoji, users]) => ({ emoji, users }));
}

/** The message columns of a detailed row as a record, without details. */
function recordOf(column: (name: string) => unknown): MessageRecord {
  const clientId = column('client_id');
  const record: MessageRecord = {
    id: idString(String(column('id'))),
    channelId: idString(String(column('channel_id'))),
    senderId: idString(String(column('sender_id'))),
    senderName: String(column('sender_name') ?? ''),
    text: String(column('text')),
    createdAt: Number(column('created_at')),
    clientId: clientId == null ? null : String(clientId),
  };
  const editedAt = column('edited_at');
  if (editedAt != null) record.editedAt = Number(editedAt);
  if (Number(column('deleted')) === 1) record.deleted = true;
  const replyToId = column('reply_to_id');
  if (replyToId != null) record.replyToId = idString(String(replyToId));
  return record;
}

/** A row of `detailColumns` (with `prefix`) as a record with its details; tombstones keep none. */
export function toDetailed(row: Readonly<Record<string, unknown>>, prefix = ''): DetailedMessage {
  const column = (name: string) => row[`${prefix}${name}`];
  const record = recordOf(column);
  if (record.deleted) return { record, reactionRows: [] };
  const reactionRows = parsedList(column('reactions')).map((item): ReactionRow => {
    const [id, emoji, userId, username] = tuple(item);
    return { id: Number(id), emoji: String(emoji), userId: idString(String(userId)), username: String(username) };
  });
  const quoteFrom = column('quote_from');
  if (record.replyToId !== undefined && typeof quoteFrom === 'string') {
    record.replyTo =
      Number(column('quote_deleted')) === 1
        ? { id: record.replyToId, from: quoteFrom, text: '', deleted: true }
        : { id: record.replyToId, from: quoteFrom, text: String(column('quote_text') ?? '') };
  }
  if (reactionRows.length > 0) record.reactions = groupReactions(reactionRows);
  const mentions = parsedList(column('mentions')).map(String);
  if (mentions.length > 0) record.mentions = mentions;
  const attachments = parsedList(column('attachments')).map((item): AttachmentInfo => {
    const [id, name, type, size] = tuple(item);
    return { id: String(id), name: String(name), type: String(type), size: Number(size) };
  });
  if (attachments.length > 0) record.attachments = attachments;
  return { record, reactionRows };
}
