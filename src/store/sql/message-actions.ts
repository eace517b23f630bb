/** The SQL side of message actions: find one message, edit it, make it a tombstone, react to it. */
import type { Kysely, Transaction } from 'kysely';
import type { MessageRecord, ReactOutcome } from '../../chat/records';
import { idString, parseId } from '../ids';
import { removeMessageAttachments } from './attachment-store';
import { isDuplicateKey, isRetryableConflict } from './errors';
import { readByIds } from './detailed-messages';
import type { Database } from './schema';

/** The message with its details, or undefined when `messageId` is not a message of that channel. */
export async function findMessage(
  db: Kysely<Database>,
  channelId: string,
  messageId: string,
): Promise<MessageRecord | undefined> {
  const channel = parseId(channelId);
  const id = parseId(messageId);
  if (channel === undefined || id === undefined) return undefined;
  const [found] = await readByIds(db, [id]);
  return found?.record.channelId === idString(channel) ? found.record : undefined;
}

/** Inserts the mention rows of one message, in order. */
export async function insertMentions(
  db: Kysely<Database> | Transaction<Database>,
  messageId: number,
  channelId: number,
  mentionIds: readonly string[],
): Promise<void> {
  const rows = mentionIds.flatMap((userId, position) => {
    const user = parseId(userId);
    return user === undefined ? [] : [{ message_id: messageId, user_id: user, channel_id: channelId, position }];
  });
  if (rows.length > 0) await db.insertInto('message_mentions').values(rows).execute();
}

export async function editMessage(
  db: Kysely<Database>,
  channelId: string,
  messageId: string,
  change: { text: string; editedAt: number; mentionIds: readonly string[] },
): Promise<MessageRecord | undefined> {
  const channel = parseId(channelId);
  const id = parseId(messageId);
  if (channel === undefined || id === undefined) return undefined;
  const updated = await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('messages')
      .set({ text: change.text, edited_at: change.editedAt })
      .where('id', '=', id)
      .where('channel_id', '=', channel)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx.deleteFrom('message_mentions').where('message_id', '=', id).execute();
    await insertMentions(trx, id, channel, change.mentionIds);
    return true;
  });
  return updated ? findMessage(db, channelId, messageId) : undefined;
}

export async function removeMessage(db: Kysely<Database>, channelId: string, messageId: string): Promise<boolean> {
  const channel = parseId(channelId);
  const id = parseId(messageId);
  if (channel === undefined || id === undefined) return false;
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('messages')
      .set({ text: '', deleted: 1, reply_to_id: null })
      .where('id', '=', id)
      .where('channel_id', '=', channel)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx.deleteFrom('message_mentions').where('message_id', '=', id).execute();
    await trx.deleteFrom('message_reactions').where('message_id', '=', id).execute();
    await removeMessageAttachments(trx, id);
    return true;
  });
}

/**
 * The emoji count and the insert share a transaction; two different new emoji racing on the
 * twentieth slot may both land (a 21st at worst), which costs less than locking the message.
 */
export async function reactToMessage(
  db: Kysely<Database>,
  messageId: string,
  userId: string,
  emoji: string,
  on: boolean,
  maxEmoji: number,
): Promise<ReactOutcome> {
  const message = parseId(messageId);
  const user = parseId(userId);
  if (message === undefined || user === undefined) return 'unchanged';
  if (!on) return retried(() => db.transaction().execute((trx) => removeReaction(trx, message, user, emoji)));
  return retried(() => addReaction(db, message, user, emoji, maxEmoji));
}

const ATTEMPTS = 3;

/** Concurrent reactions to one message may deadlock on its index rows in InnoDB: run again. */
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

function addReaction(
  db: Kysely<Database>,
  message: number,
  user: number,
  emoji: string,
  maxEmoji: number,
): Promise<ReactOutcome> {
  return db.transaction().execute(async (trx) => {
    const emojis = await trx
      .selectFrom('message_reactions')
      .select(['emoji', 'user_id'])
      .where('message_id', '=', message)
      .execute();
    if (emojis.some((row) => row.emoji === emoji && Number(row.user_id) === user)) return 'unchanged';
    const distinct = new Set(emojis.map((row) => row.emoji));
    if (!distinct.has(emoji) && distinct.size >= maxEmoji) return 'full';
    try {
      await trx.insertInto('message_reactions').values({ message_id: message, user_id: user, emoji }).execute();
    } catch (error) {
      if (isDuplicateKey(error)) return 'unchanged';
      throw error;
    }
    return 'changed';
  });
}

/**
 * Removes one user's reaction. Emoji are listed in the order of their rows' ids, so when the
 * group's first row goes while others stay, the next row takes over its id: the emoji keeps its
 * place (the order it was first used), and its users keep theirs.
 */
async function removeReaction(trx: Transaction<Database>, message: number, user: number, emoji: string): Promise<ReactOutcome> {
  const row = await trx
    .selectFrom('message_reactions')
    .select('id')
    .where('message_id', '=', message)
    .where('user_id', '=', user)
    .where('emoji', '=', emoji)
    .executeTakeFirst();
  if (!row) return 'unchanged';
  const removed = Number(row.id);
  await trx.deleteFrom('message_reactions').where('id', '=', removed).execute();
  const next = await trx
    .selectFrom('message_reactions')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('message_id', '=', message)
    .where('emoji', '=', emoji)
    .executeTakeFirst();
  if (next?.id != null && Number(next.id) > removed) {
    await trx.updateTable('message_reactions').set({ id: removed }).where('id', '=', Number(next.id)).execute();
  }
  return 'changed';
}
