/**
 * The details of messages as they are now (the quote of the message replied to, reactions,
 * mentions, attachments), loaded for a whole page at once: at most four queries however many messages, each
 * `where message_id in (...)` on an index. Tombstones have none.
 */
import type { Kysely } from 'kysely';
import type { MessageRecord } from '../../chat/records';
import type { Reaction } from '../../shared';
import { idString } from '../ids';
import { loadAttachments } from './attachment-store';
import type { Database } from './schema';

export type DetailOptions = {
  /** Messages just stored: they cannot have reactions yet, and only those with mentions need that query. */
  fresh?: boolean;
  /** With `fresh`: the ids of those that mention someone. */
  mentioned?: ReadonlySet<string>;
  /** With `fresh`: the ids of those posted with attachments. */
  attached?: ReadonlySet<string>;
};

/**
 * Fills `replyTo`, `reactions` and `mentions` of each record in place (each left out when there is
 * none); answers the same array.
 */
export async function withDetails<R extends MessageRecord[]>(
  db: Kysely<Database>,
  records: R,
  options: DetailOptions = {},
): Promise<R> {
  const live = records.filter((record) => !record.deleted);
  if (live.length === 0) return records;
  const replying = live.filter((record) => record.replyToId !== undefined);
  const mentioning = options.fresh ? live.filter((record) => options.mentioned?.has(record.id)) : live;
  const attaching = options.fresh ? live.filter((record) => options.attached?.has(record.id)) : live;
  await Promise.all([
    replying.length > 0 ? loadQuotes(db, replying) : undefined,
    mentioning.length > 0 ? loadMentions(db, mentioning) : undefined,
    options.fresh ? undefined : loadReactions(db, live),
    attaching.length > 0 ? loadAttachments(db, attaching) : undefined,
  ]);
  return records;
}

async function loadQuotes(db: Kysely<Database>, records: MessageRecord[]): Promise<void> {
  const ids = [...new Set(records.map((record) => Number(record.replyToId)))];
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.sender_id')
    .select(['m.id', 'm.text', 'm.deleted', 'u.username'])
    .where('m.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [idString(row.id), row]));
  for (const record of records) {
    const row = record.replyToId === undefined ? undefined : byId.get(record.replyToId);
    if (!row) continue;
    const deleted = Number(row.deleted) === 1;
    record.replyTo = deleted
      ? { id: idString(row.id), from: row.username, text: '', deleted: true }
      : { id: idString(row.id), from: row.username, text: row.text };
  }
}

async function loadMentions(db: Kysely<Database>, records: MessageRecord[]): Promise<void> {
  const rows = await db
    .selectFrom('message_mentions as mm')
    .innerJoin('users as u', 'u.id', 'mm.user_id')
    .select(['mm.message_id', 'u.username'])
    .where(
      'mm.message_id',
      'in',
      records.map((record) => Number(record.id)),
    )
    .orderBy('mm.message_id')
    .orderBy('mm.position')
    .execute();
  const byMessage = new Map<string, string[]>();
  for (const row of rows) {
    const id = idString(row.message_id);
    byMessage.set(id, [...(byMessage.get(id) ?? []), row.username]);
  }
  for (const record of records) {
    const mentions = byMessage.get(record.id);
    if (mentions) record.mentions = mentions;
  }
}

async function loadReactions(db: Kysely<Database>, records: MessageRecord[]): Promise<void> {
  const rows = await db
    .selectFrom('message_reactions as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.message_id', 'r.emoji', 'u.username'])
    .where(
      'r.message_id',
      'in',
      records.map((record) => Number(record.id)),
    )
    .orderBy('r.id')
    .execute();
  const byMessage = new Map<string, Reaction[]>();
  for (const row of rows) {
    const id = idString(row.message_id);
    const reactions = byMessage.get(id) ?? [];
    byMessage.set(id, reactions);
    const reaction = reactions.find((known) => known.emoji === row.emoji);
    if (reaction) reaction.users.push(row.username);
    else reactions.push({ emoji: row.emoji, users: [row.username] });
  }
  for (const record of records) {
    const reactions = byMessage.get(record.id);
    if (reactions) record.reactions = reactions;
  }
}
