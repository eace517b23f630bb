/** The December additions of a Message as the wire shows them: edits, tombstones, replies, reactions, mentions, attachments. */
import { attachmentUrl, LIMITS, type Message, type ReplyQuote } from '../shared';
import type { MessageRecord } from './records';

/** The first `max` code points of `text`. */
export function firstCodePoints(text: string, max: number): string {
  let count = 0;
  let end = 0;
  for (const char of text) {
    if (count === max) break;
    count++;
    end += char.length;
  }
  return text.slice(0, end);
}

function quote(replyTo: ReplyQuote): ReplyQuote {
  if (replyTo.deleted) return { id: replyTo.id, from: replyTo.from, text: '', deleted: true };
  return { id: replyTo.id, from: replyTo.from, text: firstCodePoints(replyTo.text, LIMITS.replyQuoteMax) };
}

/** Adds the record's details to `message`; a tombstone keeps none of them. */
export function withMessageDetails(message: Message, record: MessageRecord): Message {
  if (record.deleted) {
    message.text = '';
    message.deleted = true;
    return message;
  }
  if (record.editedAt !== undefined) message.editedAt = new Date(record.editedAt).toISOString();
  if (record.replyTo) message.replyTo = quote(record.replyTo);
  if (record.reactions && record.reactions.length > 0) {
    message.reactions = record.reactions.map((reaction) => ({ emoji: reaction.emoji, users: [...reaction.users] }));
  }
  if (record.mentions && record.mentions.length > 0) message.mentions = [...record.mentions];
  if (record.attachments && record.attachments.length > 0) {
    message.attachments = record.attachments.map(({ id, name, type, size }) => ({
      id,
      name,
      type,
      size,
      url: attachmentUrl(id, name),
    }));
  }
  return message;
}
