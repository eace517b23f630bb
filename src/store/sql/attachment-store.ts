/**
 * AttachmentStore over SQL: one row per upload in `attachments`, its bytes as rows of
 * `attachment_chunks`. Also the pieces the message store needs: binding uploads to a new message in
 * its transaction, and removing a deleted message's files (a page reads its attachments with the
 * message, detailed-messages.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import { invalid } from '../../chat/errors';
import type { AttachmentStore } from '../../chat/ports';
import type { AttachmentRecord } from '../../chat/records';
import { idString } from '../ids';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

export class SqlAttachmentStore implements AttachmentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async begin(input: { id: string; uploaderId: string; name: string; createdAt: number }): Promise<void> {
    await this.db
      .insertInto('attachments')
      .values({
        id: input.id,
        uploader_id: Number(input.uploaderId),
        name: input.name,
        type: 'application/octet-stream',
        size: null,
        created_at: input.createdAt,
      })
      .execute();
  }

  async appendChunk(id: string, seq: number, data: Uint8Array): Promise<void> {
    await this.db.insertInto('attachment_chunks').values({ attachment_id: id, seq, data }).execute();
  }

  async finish(id: string, done: { type: string; size: number }): Promise<void> {
    await this.db.updateTable('attachments').set({ type: done.type, size: done.size }).where('id', '=', id).execute();
  }

  async discard(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('attachment_chunks').where('attachment_id', '=', id).execute();
      await trx.deleteFrom('attachments').where('id', '=', id).execute();
    });
  }

  async findMany(ids: readonly string[]): Promise<AttachmentRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('attachments')
      .selectAll()
      .where('id', 'in', [...ids])
      .where('size', 'is not', null)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      type: row.type,
      size: Number(row.size),
      uploaderId: idString(row.uploader_id),
      createdAt: Number(row.created_at),
      messageId: row.message_id === null ? null : idString(row.message_id),
      channelId: row.channel_id === null ? null : idString(row.channel_id),
    }));
  }

  async readChunk(id: string, seq: number): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('attachment_chunks')
      .select('data')
      .where('attachment_id', '=', id)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return row?.data;
  }

  async removeUnposted(before: number): Promise<number> {
    const stale = await this.db
      .selectFrom('attachments')
      .select('id')
      .where('created_at', '<', before)
      .where('message_id', 'is', null)
      .limit(1000)
      .execute();
    for (const { id } of stale) await this.discard(id);
    return stale.length;
  }
}

/**
 * Binds the sender's finished, unposted uploads to a message just inserted, in the order given.
 * One that is not (someone else's, unknown, posted meanwhile by a concurrent send) refuses the
 * message: `invalid`, and the transaction rolls back.
 */
export async function bindAttachments(
  trx: Db,
  message: { id: number; channelId: number; senderId: number },
  attachmentIds: readonly string[],
): Promise<void> {
  for (const [position, id] of attachmentIds.entries()) {
    const result = await trx
      .updateTable('attachments')
      .set({ message_id: message.id, channel_id: message.channelId, position })
      .where('id', '=', id)
      .where('uploader_id', '=', message.senderId)
      .where('message_id', 'is', null)
      .where('size', 'is not', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw invalid('An attachment is unknown or already posted');
  }
}

/** A deleted message's files go with it: rows and bytes. */
export async function removeMessageAttachments(trx: Db, messageId: number): Promise<void> {
  const ids = trx.selectFrom('attachments').select('id').where('message_id', '=', messageId);
  await trx.deleteFrom('attachment_chunks').where('attachment_id', 'in', ids).execute();
  await trx.deleteFrom('attachments').where('message_id', '=', messageId).execute();
}
