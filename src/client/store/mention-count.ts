/**
 * How a `messageUpdated` changes `Channel.mentions` (my unread messages that mention me). The server
 * recomputes mentions on edit and empties them on delete, but sends only the message: the page
 * works out the change from the copy it held and whether the message is unread, and says when it
 * cannot know (then the server is asked). Pure.
 */
import type { Channel, Message } from '../../shared/types';
import { compareIds } from '../message-order';
import { isMe, mentionsMe } from './selectors';
import type { ReadonlyChatState } from './state';

/**
 * What to add to the channel's mention count once `message` replaces the copy the page holds:
 * -1, 0 or 1, or undefined when the page cannot tell.
 */
export function mentionCountChange(state: ReadonlyChatState, message: Message): number | undefined {
  const channel = state.channels.get(message.channelId);
  // With nothing unread, no edit changes the count; my own messages are never unread.
  if (!channel || channel.unread === 0 || isMe(state, message.from)) return 0;
  const now = mentionsMe(state, message);
  const before = heldCopy(state, channel, message.id);
  if (!before) {
    // A reaction changes no mention; an edit or a delete of a message not held may have.
    if (!now && message.editedAt === undefined && !message.deleted) return 0;
    return isUnread(state, channel, message) === false ? 0 : undefined;
  }
  if (mentionsMe(state, before) === now) return 0;
  const unread = isUnread(state, channel, message);
  if (unread === undefined) return undefined;
  return unread ? (now ? 1 : -1) : 0;
}

function heldCopy(state: ReadonlyChatState, channel: Channel, messageId: string): Message | undefined {
  if (channel.lastMessage?.id === messageId) return channel.lastMessage;
  const timeline = state.timelines.get(channel.id);
  return timeline?.has(messageId) ? timeline.messages.find((held) => held.id === messageId) : undefined;
}

/**
 * Whether someone else's message is unread (channel.unread > 0): the unread ones are the newest
 * `unread` messages of others. Known for the channel's last message, and for any message when
 * the page holds the channel's latest messages; else undefined.
 */
function isUnread(state: ReadonlyChatState, channel: Channel, message: Message): boolean | undefined {
  if (channel.lastMessage?.id === message.id) return true;
  const timeline = state.timelines.get(channel.id);
  if (!timeline || timeline.status !== 'ready' || timeline.hasNewer) return undefined;
  const others = timeline.messages.filter((held) => !isMe(state, held.from));
  const oldestUnread = others[others.length - channel.unread];
  if (oldestUnread) return compareIds(message.id, oldestUnread.id) >= 0;
  // Every message of others held is unread; older ones may or may not be.
  return timeline.has(message.id) ? true : undefined;
}
