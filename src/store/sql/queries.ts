/** Small queries several SQL stores share. */
import type { Kysely } from 'kysely';
import { StoreUnavailableError } from '../../chat/errors';
import type { Database } from './schema';

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
