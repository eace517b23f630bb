/** MessageStore in memory (Engine unit tests), with the SQL store's semantics. */
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
import { textMatches } from '../../shared';
import { checkedLimit, parsePosition } from '../ids';
import { applyAction, described, findRecord } from './message-details';
import type { MemoryState } from './state';

export class MemoryMessageStore implements MessageStore {
  constructor(private readonly state: MemoryState) {}

  async appendBatch(drafts: readonly MessageDraft[]): Promise<StoredMessage[]> {
    const results = await this.writeBatch(drafts.map((draft) => ({ kind: 'append', draft })));
    return results.flatMap((result) => (result.kind === 'append' ? [result.stored] : []));
  }

  /** Synchronous inside, so a batch is atomic like the SQL transaction: checked whole, then applied. */
  async writeBatch(writes: readonly MessageWrite[]): Promise<WriteResult[]> {
    for (const write of writes) {
      if (write.kind !== 'append') continue;
      if (!this.state.channels.has(write.draft.channelId)) throw new RangeError(`No channel ${write.draft.channelId}`);
      if (!this.state.users.has(write.draft.senderId)) throw new RangeError(`No user ${write.draft.senderId}`);
    }
    return writes.map((write) =>
      write.kind === 'append'
        ? { kind: 'append', stored: this.append(write.draft) }
        : { kind: 'action', outcome: applyAction(this.state, write.action) },
    );
  }

  private append(draft: MessageDraft): StoredMessage {
    const key = draft.clientId === null ? null : `${draft.channelId}:${draft.senderId}:${draft.clientId}`;
    const stored = key === null ? undefined : this.state.clientIds.get(key);
    if (stored) return { message: described(this.state, stored), created: false };
    const message: MessageRecord = {
      id: String(this.state.nextId.message++),
      channelId: draft.channelId,
      senderId: draft.senderId,
      // Checked above: every draft's sender exists.
      senderName: this.state.users.get(draft.senderId)!.username,
      text: draft.text,
      createdAt: draft.createdAt,
      clientId: draft.clientId,
    };
    if (draft.replyToId != null) message.replyToId = draft.replyToId;
    if (draft.mentionIds && draft.mentionIds.length > 0) this.state.mentions.set(message.id, [...draft.mentionIds]);
    const list = this.state.messages.get(draft.channelId) ?? [];
    list.push(message);
    this.state.messages.set(draft.channelId, list);
    if (key !== null) this.state.clientIds.set(key, message);
    const member = this.state.members.get(draft.channelId)?.get(draft.senderId);
    if (member && member.lastReadId < Number(message.id)) member.lastReadId = Number(message.id);
    return { message: described(this.state, message), created: true };
  }

  async page(channelId: string, cursor: HistoryCursor, limit: number): Promise<HistoryPage> {
    if (cursor.before !== undefined && cursor.after !== undefined) throw new RangeError('before and after together');
    const size = checkedLimit(limit);
    const all = this.state.messages.get(channelId) ?? [];
    if (cursor.after !== undefined) {
      const after = parsePosition(cursor.after);
      const newer = all.filter((message) => Number(message.id) > after);
      return { messages: newer.slice(0, size).map(this.describe), hasMore: newer.length > size };
    }
    const before = cursor.before === undefined ? Infinity : parsePosition(cursor.before);
    const older = all.filter((message) => Number(message.id) < before);
    return { messages: older.slice(-size).map(this.describe), hasMore: older.length > size };
  }

  async hasEarlier(channelId: string, messageId: string): Promise<boolean> {
    const position = parsePosition(messageId);
    return (this.state.messages.get(channelId) ?? []).some((message) => Number(message.id) < position);
  }

  async find(channelId: string, messageId: string): Promise<MessageRecord | undefined> {
    const message = findRecord(this.state, channelId, messageId);
    return message && described(this.state, message);
  }

  async findByClientId(channelId: string, senderId: string, clientId: string): Promise<MessageRecord | undefined> {
    const message = this.state.clientIds.get(`${channelId}:${senderId}:${clientId}`);
    return message && described(this.state, message);
  }

  /** A scan of the user's channels: fine for the unit tests this store serves. */
  async search(query: MessageSearch): Promise<HistoryPage> {
    const size = checkedLimit(query.limit);
    const before = query.before === undefined ? Infinity : parsePosition(query.before);
    const channels = [...this.state.members]
      .filter(([channelId, members]) => members.has(query.userId) && (query.channelId ?? channelId) === channelId)
      .map(([channelId]) => channelId);
    const matches = channels
      .flatMap((channelId) => this.state.messages.get(channelId) ?? [])
      .filter((message) => !message.deleted && Number(message.id) < before && textMatches(message.text, query.words))
      .sort((a, b) => Number(b.id) - Number(a.id));
    return { messages: matches.slice(0, size).map(this.describe), hasMore: matches.length > size };
  }

  private readonly describe = (message: MessageRecord) => described(this.state, message);
}
