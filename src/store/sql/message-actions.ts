/**
 * The SQL side of message actions (edit, delete as a tombstone, react), applied inside a batch's
 * transaction. The messages acted on are locked (MySQL), then read once with their details; each
 * action checks and changes its message as the batch's earlier actions left it, writes only its
 * own rows, and answers the message as it is after it: no read-back per action.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ActionOutcome, MessageAction, MessageRecord } from '../../chat/records';
import { idString, parseId } from '../ids';
import { removeMessageAttachments } from './attachment-store';
import type { SqlDialectName } from './db';
import { groupReactions, readByIds, readRecords, type DetailedMessage } from './detailed-messages';
import { reindexChangedTexts, type TextChange } from './message-terms';
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

/** The message stored by that sender in that channel with that clientId (the unique key), with its details, in one statement. */
export async function findMessageByClientId(
  db: Kysely<Database>,
  channelId: string,
  senderId: string,
  clientId: string,
): Promise<MessageRecord | undefined> {
  const channel = parseId(channelId);
  const sender = parseId(senderId);
  if (channel === undefined || sender === undefined) return undefined;
  const [found] = await readRecords(
    db,
    sql`messages`,
    sql`m.channel_id = ${channel} AND m.sender_id = ${sender} AND m.client_id = ${clientId}`,
  );
  return found;
}

/** Inserts the mention rows of one message, in order. */
async function insertMentions(
  trx: Transaction<Database>,
  messageId: number,
  channelId: number,
  mentionIds: readonly string[],
): Promise<void> {
  const rows = mentionIds.flatMap((userId, position) => {
    const user = parseId(userId);
    return user === undefined ? [] : [{ message_id: messageId, user_id: user, channel_id: channelId, position }];
  });
  if (rows.length > 0) await trx.insertInto('message_mentions').values(rows).execute();
}

/**
 * Applies the actions in order, in the caller's transaction. On MySQL the messages acted on are
 * locked first (`FOR UPDATE`, in id order), so that another process acting on one of them waits
 * for this commit and then reads what it left; the read that follows sees every change committed
 * before the lock was granted. SQLite has one writer at a time. The texts the batch changed are
 * then reindexed for search at once (MySQL's message_terms), from the text each had before the
 * batch to the one it leaves.
 */
export async function applyActions(
  trx: Transaction<Database>,
  dialect: SqlDialectName,
  actions: readonly MessageAction[],
): Promise<ActionOutcome[]> {
  const ids = [...new Set(actions.flatMap((action) => parseId(action.messageId) ?? []))].sort((a, b) => a - b);
  if (dialect === 'mysql' && ids.length > 0) {
    await sql`SELECT id FROM messages WHERE id IN (${sql.join(ids.map((id) => sql`${id}`))}) ORDER BY id FOR UPDATE`.execute(trx);
  }
  const targets = new Map((await readByIds(trx, ids)).map((found) => [found.record.id, found]));
  const storedTexts = new Map([...targets].map(([id, found]) => [id, found.record.text]));
  const outcomes: ActionOutcome[] = [];
  for (const action of actions) {
    const id = parseId(action.messageId);
    const target = id === undefined ? undefined : targets.get(idString(id));
    if (!target || target.record.channelId !== action.channelId) outcomes.push({ status: 'not_found' });
    else outcomes.push(await applyAction(trx, target, action));
  }
  await reindexChangedTexts(trx, textChanges(targets, storedTexts));
  return outcomes;
}

/** The messages whose text differs from what was stored (a tombstone's text is ''). */
function textChanges(targets: ReadonlyMap<string, DetailedMessage>, storedTexts: ReadonlyMap<string, string>): TextChange[] {
  return [...targets].flatMap(([id, { record }]) => {
    const before = storedTexts.get(id) ?? '';
    return record.text === before
      ? []
      : [{ messageId: Number(id), channelId: Number(record.channelId), before, after: record.text }];
  });
}

/** A copy for the outcome: later actions of the batch go on changing `target` in place. */
function answer(status: 'changed' | 'unchanged', target: DetailedMessage): ActionOutcome {
  return { status, message: structuredClone(target.record) };
}

function applyAction(trx: Transaction<Database>, target: DetailedMessage, action: MessageAction): Promise<ActionOutcome> {
  switch (action.kind) {
    case 'edit':
      return edit(trx, target, action);
    case 'remove':
      return remove(trx, target, action.actorId);
    case 'react':
      return action.on ? addReaction(trx, target, action) : removeReaction(trx, target, action);
  }
}

async function edit(
  trx: Transaction<Database>,
  target: DetailedMessage,
  action: Extract<MessageAction, { kind: 'edit' }>,
): Promise<ActionOutcome> {
  const { record } = target;
  if (record.senderId !== action.actorId) return { status: 'forbidden' };
  if (record.deleted) return { status: 'deleted' };
  if (record.text === action.text) return answer('unchanged', target);
  const id = Number(record.id);
  await trx.updateTable('messages').set({ text: action.text, edited_at: action.editedAt }).where('id', '=', id).execute();
  if (record.mentions) await trx.deleteFrom('message_mentions').where('message_id', '=', id).execute();
  await insertMentions(
    trx,
    id,
    Number(record.channelId),
    action.mentions.map((user) => user.id),
  );
  record.text = action.text;
  record.editedAt = action.editedAt;
  if (action.mentions.length > 0) record.mentions = action.mentions.map((user) => user.username);
  else delete record.mentions;
  return answer('changed', target);
}

async function remove(trx: Transaction<Database>, target: DetailedMessage, actorId: string): Promise<ActionOutcome> {
  const { record } = target;
  if (record.senderId !== actorId) return { status: 'forbidden' };
  if (record.deleted) return answer('unchanged', target);
  const id = Number(record.id);
  await trx.updateTable('messages').set({ text: '', deleted: 1, reply_to_id: null }).where('id', '=', id).execute();
  if (record.mentions) await trx.deleteFrom('message_mentions').where('message_id', '=', id).execute();
  if (target.reactionRows.length > 0) await trx.deleteFrom('message_reactions').where('message_id', '=', id).execute();
  if (record.attachments) await removeMessageAttachments(trx, id);
  target.reactionRows = [];
  target.record = {
    id: record.id,
    channelId: record.channelId,
    senderId: record.senderId,
    senderName: record.senderName,
    text: '',
    createdAt: record.createdAt,
    clientId: record.clientId,
    deleted: true,
    ...(record.editedAt === undefined ? {} : { editedAt: record.editedAt }),
  };
  return answer('changed', target);
}

type React = Extract<MessageAction, { kind: 'react' }>;

function showReactions(target: DetailedMessage): void {
  if (target.reactionRows.length > 0) target.record.reactions = groupReactions(target.reactionRows);
  else delete target.record.reactions;
}

/** The emoji count comes from the locked read: with the lock, a racing 21st cannot land. */
async function addReaction(trx: Transaction<Database>, target: DetailedMessage, action: React): Promise<ActionOutcome> {
  if (target.record.deleted) return { status: 'deleted' };
  const rows = target.reactionRows;
  if (rows.some((row) => row.emoji === action.emoji && row.userId === action.actorId)) return answer('unchanged', target);
  const distinct = new Set(rows.map((row) => row.emoji));
  if (!distinct.has(action.emoji) && distinct.size >= action.maxEmoji) return { status: 'full' };
  const result = await trx
    .insertInto('message_reactions')
    .values({ message_id: Number(target.record.id), user_id: Number(action.actorId), emoji: action.emoji })
    .executeTakeFirstOrThrow();
  rows.push({ id: Number(result.insertId), emoji: action.emoji, userId: action.actorId, username: action.actorName });
  showReactions(target);
  return answer('changed', target);
}

/**
 * Removes one user's reaction. Emoji are listed in the order of their rows' ids, so when the
 * group's first row goes while others stay, the next row takes over its id: the emoji keeps its
 * place (the order it was first used), and its users keep theirs.
 */
async function removeReaction(trx: Transaction<Database>, target: DetailedMessage, action: React): Promise<ActionOutcome> {
  if (target.record.deleted) return { status: 'deleted' };
  const rows = target.reactionRows;
  const row = rows.find((known) => known.emoji === action.emoji && known.userId === action.actorId);
  if (!row) return answer('unchanged', target);
  await trx.deleteFrom('message_reactions').where('id', '=', row.id).execute();
  target.reactionRows = rows.filter((known) => known !== row);
  const [next] = target.reactionRows.filter((known) => known.emoji === row.emoji).sort((a, b) => a.id - b.id);
  if (next && next.id > row.id) {
    await trx.updateTable('message_reactions').set({ id: row.id }).where('id', '=', next.id).execute();
    next.id = row.id;
  }
  showReactions(target);
  return answer('changed', target);
}
