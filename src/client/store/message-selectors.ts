/**
 * Questions about single messages and the actions on them: who may edit, what a quote shows,
 * which message the other person has seen, what the user is editing or replying to. Pure.
 */
import type { Message } from '../../shared/types';
import { compareIds } from '../message-order';
import { isMe, timelineOf } from './selectors';
import type { ReadonlyChatState } from './state';

/** What a tombstone and a quote of a deleted message read. */
export const DELETED_TEXT = 'This message was deleted';

/** Edit and Delete are offered on the user's own messages that are not tombstones. */
export function canChange(state: ReadonlyChatState, message: Message): boolean {
  return !message.deleted && isMe(state, message.from);
}

/** The first non-empty line of a text, for quotes and the reply bar. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

/** A message the timeline of its channel holds. */
export function messageIn(state: ReadonlyChatState, channelId: string, messageId: string): Message | undefined {
  const timeline = timelineOf(state, channelId);
  if (!timeline?.has(messageId)) return undefined;
  return timeline.messages.find((message) => message.id === messageId);
}

/** The user's newest message in a channel that can still be edited (Up-arrow in an empty composer). */
export function lastEditable(state: ReadonlyChatState, channelId: string): Message | undefined {
  const messages = timelineOf(state, channelId)?.messages ?? [];
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message && canChange(state, message)) return message;
  }
  return undefined;
}

/** The message being edited, when it is in this channel. */
export function editingIn(state: ReadonlyChatState, channelId: string): string | undefined {
  return state.editing?.channelId === channelId ? state.editing.messageId : undefined;
}

/** The message the next one sent in this channel replies to, while the page still holds it. */
export function replyTarget(state: ReadonlyChatState, channelId: string): Message | undefined {
  const messageId = state.replyingTo.get(channelId);
  return messageId === undefined ? undefined : messageIn(state, channelId, messageId);
}

/**
 * In a direct conversation, the user's newest message the other person has read (`readUpTo`),
 * which is marked `Seen`; undefined elsewhere, or before they read any.
 */
export function seenMessageId(state: ReadonlyChatState, channelId: string): string | undefined {
  const channel = state.channels.get(channelId);
  const readUpTo = channel?.kind === 'direct' ? channel.readUpTo : undefined;
  if (readUpTo === undefined) return undefined;
  const messages = timelineOf(state, channelId)?.messages ?? [];
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message && compareIds(message.id, readUpTo) <= 0 && isMe(state, message.from)) return message.id;
  }
  return undefined;
}

/** The message highlighted in this channel right now, if any. */
export function highlightedIn(state: ReadonlyChatState, channelId: string): string | undefined {
  return state.highlighted?.channelId === channelId ? state.highlighted.messageId : undefined;
}
