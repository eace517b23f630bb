/** Small queries several SQL stores share. */
import type { Kysely } from 'kysely';
import { StoreUnavailableError } from '../../chat/errors';
import type { MessageRecord } from '../../chat/records';
import { idString } from '../ids';
import { toMessage } from './rows';
import type { Database, MessageRow } from './schema';

const everyoneIds = new WeakMap<Kysely<Database>, number>();

/** The id of the `everyone` row the migrations made; it never changes, so it is read once per database. */
export async function everyoneChannelId(db: Kysely<Database>): Promise<number> {
  const known = everyoneIds.get(db);
  if (known !== undefined) return known;
  const row = await db.selectFrom('channels').select('id').where('kind', '=', 'everyone').orderBy('id').executeTakeFirst();
  if (!row) throw new StoreUnavailableError('The database has no everyone channel: run the migrations');
  const id = Number(row.id);
  everyoneIds.set(db, id);
  return id;
}

/** The newest message id of a channel, 0 when it has none. */
export async function latestMessageId(db: Kysely<Database>, channelId: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('id').as('latest'))
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row?.latest == null ? 0 : Number(row.latest);
}

/**
 * Text made literal inside a LIKE pattern. `%` and `_` are wildcards, and `_` is legal in
 * usernames. Queries say `escape '!'`: a backslash would be read differently by the two dialects.
 */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (char) => `!${char}`);
}

/** The message columns `withSenderNames` turns into records. */
export function selectMessages(db: Kysely<Database>) {
  return db
    .selectFrom('messages as m')
    .select([
      'm.id',
      'm.channel_id',
      'm.sender_id',
      'm.text',
      'm.client_id',
      'm.created_at',
      'm.edited_at',
      'm.deleted',
      'm.reply_to_id',
    ]);
}

/**
 * Message rows as records, with their senders' usernames. The names are fetched apart rather than
 * joined: a join lets MySQL drive the query from `users` and sort a whole channel's messages,
 * while alone a page is a short range scan of (channel_id, id).
 */
export async function withSenderNames(db: Kysely<Database>, rows: readonly MessageRow[]): Promise<MessageRecord[]> {
  const senderIds = [...new Set(rows.map((row) => Number(row.sender_id)))];
  if (senderIds.length === 0) return [];
  const users = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', senderIds).execute();
  const names = new Map(users.map((user) => [idString(user.id), user.username]));
  return rows.map((row) => toMessage({ ...row, sender_name: names.get(idString(row.sender_id)) ?? '' }));
}
