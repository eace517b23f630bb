/** The memory store's message details and actions, with the SQL store's semantics. */
import type { ActionOutcome, MessageAction, MessageRecord } from '../../chat/records';

type ReactOutcome = 'changed' | 'unchanged' | 'full';
import { copyMessage, type MemoryState } from './state';

function nameOf(state: MemoryState, userId: string): string {
  return state.users.get(userId)?.username ?? '';
}

export function findRecord(state: MemoryState, channelId: string, messageId: string): MessageRecord | undefined {
  return state.messages.get(channelId)?.find((message) => message.id === messageId);
}

function findAnywhere(state: MemoryState, messageId: string): MessageRecord | undefined {
  for (const list of state.messages.values()) {
    const found = list.find((message) => message.id === messageId);
    if (found) return found;
  }
  return undefined;
}

/** A copy of the message with its reply quote, reactions and mentions as they are now. */
export function described(state: MemoryState, message: MessageRecord): MessageRecord {
  const copy = copyMessage(message);
  delete copy.replyTo;
  delete copy.reactions;
  delete copy.mentions;
  if (copy.deleted) return copy;
  const replied = copy.replyToId === undefined ? undefined : findAnywhere(state, copy.replyToId);
  if (replied) {
    copy.replyTo = replied.deleted
      ? { id: replied.id, from: replied.senderName, text: '', deleted: true }
      : { id: replied.id, from: replied.senderName, text: replied.text };
  }
  const reactions = state.reactions.get(copy.id) ?? [];
  if (reactions.length > 0) {
    copy.reactions = reactions.map((reaction) => ({
      emoji: reaction.emoji,
      users: reaction.userIds.map((id) => nameOf(state, id)),
    }));
  }
  const mentions = state.mentions.get(copy.id) ?? [];
  if (mentions.length > 0) copy.mentions = mentions.map((id) => nameOf(state, id));
  return copy;
}

function editRecord(
  state: MemoryState,
  channelId: string,
  messageId: string,
  change: { text: string; editedAt: number; mentionIds: readonly string[] },
): MessageRecord | undefined {
  const message = findRecord(state, channelId, messageId);
  if (!message || message.deleted) return undefined;
  message.text = change.text;
  message.editedAt = change.editedAt;
  state.mentions.set(message.id, [...change.mentionIds]);
  return described(state, message);
}

function removeRecord(state: MemoryState, channelId: string, messageId: string): boolean {
  const message = findRecord(state, channelId, messageId);
  if (!message || message.deleted) return false;
  message.text = '';
  message.deleted = true;
  delete message.replyToId;
  state.mentions.delete(message.id);
  state.reactions.delete(message.id);
  return true;
}

function reactToRecord(
  state: MemoryState,
  messageId: string,
  userId: string,
  emoji: string,
  on: boolean,
  maxEmoji: number,
): ReactOutcome {
  const reactions = state.reactions.get(messageId) ?? [];
  const reaction = reactions.find((known) => known.emoji === emoji);
  if (!on) {
    const index = reaction?.userIds.indexOf(userId) ?? -1;
    if (!reaction || index < 0) return 'unchanged';
    reaction.userIds.splice(index, 1);
    if (reaction.userIds.length === 0) reactions.splice(reactions.indexOf(reaction), 1);
    return 'changed';
  }
  if (reaction?.userIds.includes(userId)) return 'unchanged';
  if (!reaction && reactions.length >= maxEmoji) return 'full';
  if (reaction) reaction.userIds.push(userId);
  else reactions.push({ emoji, userIds: [userId] });
  state.reactions.set(messageId, reactions);
  return 'changed';
}

/** One action of a batch, with the checks and outcomes of MessageStore.writeBatch. */
export function applyAction(state: MemoryState, action: MessageAction): ActionOutcome {
  const message = findRecord(state, action.channelId, action.messageId);
  if (!message) return { status: 'not_found' };
  const now = (status: 'changed' | 'unchanged'): ActionOutcome => ({ status, message: described(state, message) });
  if (action.kind === 'react') {
    if (message.deleted) return { status: 'deleted' };
    const outcome = reactToRecord(state, message.id, action.actorId, action.emoji, action.on, action.maxEmoji);
    return outcome === 'full' ? { status: 'full' } : now(outcome);
  }
  if (message.senderId !== action.actorId) return { status: 'forbidden' };
  if (action.kind === 'remove') return removeRecord(state, action.channelId, message.id) ? now('changed') : now('unchanged');
  if (message.deleted) return { status: 'deleted' };
  if (message.text === action.text) return now('unchanged');
  const mentionIds = action.mentions.map((user) => user.id);
  editRecord(state, action.channelId, message.id, { text: action.text, editedAt: action.editedAt, mentionIds });
  return now('changed');
}

/** Unread messages of the channel mentioning the user (past their read position). */
export function unreadMentions(state: MemoryState, channelId: string, userId: string, lastReadId: number): number {
  const messages = state.messages.get(channelId) ?? [];
  return messages.filter((message) => Number(message.id) > lastReadId && (state.mentions.get(message.id) ?? []).includes(userId))
    .length;
}
