/** MessageStore over SQL: group-committed writes (write-batch.ts) and keyset pages over (channel_id, id). */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MessageStore } from '../../chat/ports';
import type {
  HistoryCursor,
  HistoryPage,
  MessageDraft,
  MessageRecord,
  MessageSearch,
  MessageWrite,
  StoredMessage,
  WriteResult,
} from '../../chat/records';
import { checkedLimit, parseId, parsePosition } from '../ids';
import type { SqlDialectName } from './db';
import { MESSAGE_COLUMN_LIST, readRecords } from './detailed-messages';
import { findMessage, findMessageByClientId } from './message-actions';
import { searchMessages } from './message-search';
import type { Database } from './schema';
import { writeBatch } from './write-batch';
/** The (channel_id, id) index of the initial migration, which keyset pages must seek on. */
const PAGE_INDEX = 'messages_channel_id_idx';

export class SqlMessageStore implements MessageStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
    /** Told after a batch stored new messages (MySQL's word indexer, message-term-indexer.ts). */
    private readonly onStored: () => void = () => undefined,
  ) {}

  async appendBatch(drafts: readonly MessageDraft[]): Promise<StoredMessage[]> {
    const results = await this.writeBatch(drafts.map((draft) => ({ kind: 'append', draft })));
    return results.flatMap((result) => (result.kind === 'append' ? [result.stored] : []));
  }

  async writeBatch(writes: readonly MessageWrite[]): Promise<WriteResult[]> {
    const results = await writeBatch(this.db, this.dialect, writes);
    if (writes.some((write) => write.kind === 'append')) this.onStored();
    return results;
  }

  async page(channelId: string, cursor: HistoryCursor, limit: number): Promise<HistoryPage> {
    if (cursor.before !== undefined && cursor.after !== undefined) throw new RangeError('before and after together');
    const channel = parseId(channelId);
    if (channel === undefined) return { messages: [], hasMore: false };
    const size = checkedLimit(limit);
    if (cursor.after !== undefined) {
      const rows = await this.keysetPage(channel, sql`AND m.id > ${parsePosition(cursor.after)}`, 'ASC', size);
      return { messages: rows.slice(0, size), hasMore: rows.length > size };
    }
    const older = cursor.before === undefined ? sql`` : sql`AND m.id < ${parsePosition(cursor.before)}`;
    const rows = await this.keysetPage(channel, older, 'DESC', size);
    return { messages: rows.slice(0, size).reverse(), hasMore: rows.length > size };
  }

  async hasEarlier(channelId: string, messageId: string): Promise<boolean> {
    const channel = parseId(channelId);
    if (channel === undefined) return false;
    const row = await this.db
      .selectFrom('messages')
      .select('id')
      .where('channel_id', '=', channel)
      .where('id', '<', parsePosition(messageId))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  find(channelId: string, messageId: string): Promise<MessageRecord | undefined> {
    return findMessage(this.db, channelId, messageId);
  }

  findByClientId(channelId: string, senderId: string, clientId: string): Promise<MessageRecord | undefined> {
    return findMessageByClientId(this.db, channelId, senderId, clientId);
  }

  search(query: MessageSearch): Promise<HistoryPage> {
    return searchMessages(this.db, this.dialect, query);
  }

  /**
   * The page and its details in one statement: the keyset seek in a derived table, which the
   * detailed select then reads (senders, quotes, reactions, mentions, attachments of those rows
   * only). One row more than asked for tells whether there are more, without counting. The index
   * is forced: for `channel_id = ? AND id < ? ORDER BY id DESC` MariaDB otherwise picks a `ref`
   * scan that walks every newer message of the channel (0.8 s deep in a 1M-message channel)
   * instead of a range seek on (channel_id, id) (0.01 s).
   */
  private keysetPage(channel: number, position: RawBuilder<unknown>, direction: 'ASC' | 'DESC', size: number) {
    const index = this.dialect === 'mysql' ? sql.raw(`FORCE INDEX (${PAGE_INDEX})`) : sql.raw(`INDEXED BY ${PAGE_INDEX}`);
    const seek = sql`(
      SELECT ${MESSAGE_COLUMN_LIST}
      FROM messages AS m ${index}
      WHERE m.channel_id = ${channel} ${position}
      ORDER BY m.id ${sql.raw(direction)}
      LIMIT ${sql.lit(size + 1)})`;
    return readRecords(this.db, seek, undefined, direction);
  }
}
