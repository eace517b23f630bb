/**
 * The hot path of sending: a batch of drafts (group commit) stored in one transaction with one
 * multi-row INSERT. Drafts whose (channel, sender, clientId) is already stored, or that repeat an
 * earlier draft of the same batch, answer the stored message instead of a new one.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { MessageDraft, MessageRecord, StoredMessage } from '../../chat/records';
import { parseId } from '../ids';
import type { SqlDialectName } from './db';
import { bindAttachments } from './attachment-store';
import { readDetailed, readRecords } from './detailed-messages';
import { isDuplicateKey } from './errors';
import { markPending } from './message-terms';
import { readPositionsUpdate, type ReadPosition } from './read-positions';
import type { Database } from './schema';

/** Raised inside the transaction when the ids of the multi-row INSERT are not the expected run. */
export class UnexpectedIdsError extends Error {}

type Keyed = { draft: MessageDraft; channelId: number; senderId: number; key: string | null };

function keyOf(channelId: number, senderId: number, clientId: string | null): string | null {
  return clientId === null ? null : `${channelId}:${senderId}:${clientId}`;
}

function keyed(drafts: readonly MessageDraft[]): Keyed[] {
  return drafts.map((draft) => {
    const channelId = parseId(draft.channelId);
    const senderId = parseId(draft.senderId);
    if (channelId === undefined || senderId === undefined) throw new RangeError('A draft names an invalid channel or sender');
    return { draft, channelId, senderId, key: keyOf(channelId, senderId, draft.clientId) };
  });
}

async function findExisting(db: Kysely<Database>, items: readonly Keyed[]): Promise<Map<string, MessageRecord>> {
  const withKey = items.filter((item) => item.draft.clientId !== null);
  const found = new Map<string, MessageRecord>();
  if (withKey.length === 0) return found;
  const keys = withKey.map(
    (item) => sql`(m.channel_id = ${item.channelId} AND m.sender_id = ${item.senderId} AND m.client_id = ${item.draft.clientId})`,
  );
  for (const { record } of await readDetailed(db, sql`messages`, sql.join(keys, sql` OR `))) {
    const key = keyOf(Number(record.channelId), Number(record.senderId), record.clientId);
    if (key !== null) found.set(key, record);
  }
  return found;
}

/** Moves each sender's read position forward to their newest created message (never back). */
async function advanceReadPositions(db: Kysely<Database>, created: readonly Inserted[]): Promise<void> {
  const newest = new Map<string, ReadPosition>();
  for (const { item, id } of created) {
    const key = `${item.channelId}:${item.senderId}`;
    if ((newest.get(key)?.id ?? 0) < id) newest.set(key, { channelId: item.channelId, userId: item.senderId, id });
  }
  const update = readPositionsUpdate([...newest.values()]);
  if (update) await db.executeQuery(update);
}

function replyToOf(draft: MessageDraft): number | null {
  return draft.replyToId == null ? null : (parseId(draft.replyToId) ?? null);
}

/** A draft and the id its row got. */
type Inserted = { item: Keyed; id: number };

/**
 * Stores the mentions of the created messages (one INSERT for the batch), marks them for MySQL's
 * word index (one INSERT for the batch, message-terms.ts) and binds their attachments.
 */
async function addDetails(db: Kysely<Database>, created: readonly Inserted[]): Promise<void> {
  const rows = created.flatMap(({ item, id }) =>
    (item.draft.mentionIds ?? []).flatMap((userId, position) => {
      const user = parseId(userId);
      return user === undefined ? [] : [{ message_id: id, user_id: user, channel_id: item.channelId, position }];
    }),
  );
  if (rows.length > 0) await db.insertInto('message_mentions').values(rows).execute();
  await markPending(
    db,
    created.map(({ item, id }) => ({ id, channelId: item.channelId })),
  );
  for (const { item, id } of created) {
    const attachmentIds = item.draft.attachmentIds ?? [];
    if (attachmentIds.length === 0) continue;
    await bindAttachments(db, { id, channelId: item.channelId, senderId: item.senderId }, attachmentIds);
  }
}

/** The messages just stored, with their senders and details, in one statement. */
async function readBack(db: Kysely<Database>, first: number, count: number): Promise<MessageRecord[]> {
  return readRecords(db, sql`messages`, sql`m.id >= ${first} AND m.id < ${first + count}`);
}

/** Whether a row read back is the one written for this draft (a row of another writer would differ). */
function sameAsDraft(message: MessageRecord, item: Keyed): boolean {
  return (
    message.channelId === String(item.channelId) &&
    message.senderId === String(item.senderId) &&
    message.clientId === item.draft.clientId &&
    message.text === item.draft.text
  );
}

/**
 * Runs inside one transaction; throws a duplicate-key error or UnexpectedIdsError for the fallback.
 * A draft repeating an earlier one of the batch answers that one. A clientId stored before is not
 * looked up first: the unique key refuses the INSERT and the caller takes the one-by-one path,
 * which answers the stored message. Retries are rare, and the lookup was a statement on every
 * batch (about a tenth of the server's CPU in the bench's profile).
 */
export async function appendInTransaction(
  trx: Transaction<Database>,
  dialect: SqlDialectName,
  drafts: readonly MessageDraft[],
): Promise<StoredMessage[]> {
  const items = keyed(drafts);
  // For each draft, its row in the INSERT below (`first`: the draft that made it).
  const plan: { row: number; first: boolean }[] = [];
  const fresh: Keyed[] = [];
  const freshByKey = new Map<string, number>();
  for (const item of items) {
    const earlier = item.key === null ? undefined : freshByKey.get(item.key);
    if (earlier !== undefined) plan.push({ row: earlier, first: false });
    else {
      if (item.key !== null) freshByKey.set(item.key, fresh.length);
      plan.push({ row: fresh.length, first: true });
      fresh.push(item);
    }
  }

  let created: MessageRecord[] = [];
  if (fresh.length > 0) {
    const result = await trx
      .insertInto('messages')
      .values(
        fresh.map(({ draft, channelId, senderId }) => ({
          channel_id: channelId,
          sender_id: senderId,
          text: draft.text,
          client_id: draft.clientId,
          created_at: draft.createdAt,
          reply_to_id: replyToOf(draft),
        })),
      )
      .executeTakeFirstOrThrow();
    // MySQL reports the FIRST id of a multi-row insert, SQLite the LAST; InnoDB gives a simple
    // multi-row insert consecutive ids, SQLite writes one statement at a time. Checked below anyway.
    const reported = Number(result.insertId);
    const first = dialect === 'mysql' ? reported : reported - fresh.length + 1;
    // Mentions, attachments and read positions are written for the expected ids: if the ids were
    // not those, the check below rolls it all back.
    const inserted = fresh.map((item, i) => ({ item, id: first + i }));
    await advanceReadPositions(trx, inserted);
    await addDetails(trx, inserted);
    created = await readBack(trx, first, fresh.length);
    const matches = created.every((message, i) => {
      const item = fresh[i];
      return item !== undefined && sameAsDraft(message, item);
    });
    if (created.length !== fresh.length || !matches) {
      throw new UnexpectedIdsError('The inserted messages did not get consecutive ids');
    }
  }

  // `created` has one message per fresh draft (checked above), so the index is in range.
  return plan.map((step) => ({ message: created[step.row]!, created: step.first }));
}

/**
 * The slow, always-correct path: one draft at a time, each its own statement. Used when a clientId
 * of the batch was already stored (a retry, or another process just stored it), or ids were not
 * consecutive.
 */
export async function appendOneByOne(db: Kysely<Database>, drafts: readonly MessageDraft[]): Promise<StoredMessage[]> {
  const results: StoredMessage[] = [];
  for (const item of keyed(drafts)) {
    const [stored] = (await findExisting(db, [item])).values();
    if (stored) {
      results.push({ message: stored, created: false });
      continue;
    }
    try {
      // One transaction: a message whose attachments cannot be bound is not stored at all.
      const message = await db.transaction().execute(async (trx) => {
        const result = await trx
          .insertInto('messages')
          .values({
            channel_id: item.channelId,
            sender_id: item.senderId,
            text: item.draft.text,
            client_id: item.draft.clientId,
            created_at: item.draft.createdAt,
            reply_to_id: replyToOf(item.draft),
          })
          .executeTakeFirstOrThrow();
        const inserted = [{ item, id: Number(result.insertId) }];
        await advanceReadPositions(trx, inserted);
        await addDetails(trx, inserted);
        const [message] = await readBack(trx, Number(result.insertId), 1);
        if (!message) throw new Error('The stored message could not be read back');
        return message;
      });
      results.push({ message, created: true });
    } catch (error) {
      const [raced] = isDuplicateKey(error) ? (await findExisting(db, [item])).values() : [];
      if (!raced) throw error;
      results.push({ message: raced, created: false });
    }
  }
  return results;
}
