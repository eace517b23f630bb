/**
 * Questions about the state, as pure functions: what the views show and what the modules decide
 * on. They never change it.
 */
import type { Channel, Message, User } from '../../shared/types';
import { isNewer } from '../message-order';
import { fullName, type NameParts } from '../names';
import type { TimelineView } from '../timeline';
import { userKey, type ReadonlyChatState } from './state';

export function openChannel(state: ReadonlyChatState): Channel | undefined {
  return state.openChannelId ? state.channels.get(state.openChannelId) : undefined;
}

export function everyoneChannel(state: ReadonlyChatState): Channel | undefined {
  return [...state.channels.values()].find((channel) => channel.kind === 'everyone');
}

export function timelineOf(state: ReadonlyChatState, channelId: string): TimelineView | undefined {
  return state.timelines.get(channelId);
}

export function isMe(state: ReadonlyChatState, username: string): boolean {
  return userKey(username) === userKey(state.me.username);
}

export function userOf(state: ReadonlyChatState, username: string): User | undefined {
  return state.users.get(userKey(username));
}

export function isMuted(state: ReadonlyChatState, channelId: string): boolean {
  return state.preferences.muted.includes(channelId);
}

/** A user's username and nickname, for showing them side by side. */
export function nameOf(state: ReadonlyChatState, username: string): NameParts {
  const nickname = userOf(state, username)?.nickname;
  return nickname ? { username, nickname } : { username };
}

/** How to show a user as plain text: "Ally (alice)" with a nickname, else the username. */
export function displayName(state: ReadonlyChatState, username: string): string {
  return fullName(nameOf(state, username));
}

export function channelTitle(state: ReadonlyChatState, channel: Channel): string {
  if (channel.kind === 'everyone') return 'Everyone';
  if (channel.kind === 'direct') return displayName(state, channel.name);
  return `# ${channel.name}`;
}

/** `Everyone` first, then newest activity first. */
export function sortedChannels(state: ReadonlyChatState): Channel[] {
  const activity = (channel: Channel) => channel.lastMessage?.sentAt ?? state.touched.get(channel.id) ?? '';
  return [...state.channels.values()].sort((a, b) => {
    if (a.kind === 'everyone' || b.kind === 'everyone') return a.kind === 'everyone' ? -1 : 1;
    return activity(b).localeCompare(activity(a));
  });
}

export function totalUnread(state: ReadonlyChatState): number {
  let total = 0;
  for (const channel of state.channels.values()) total += channel.unread;
  return total;
}

/** Unread messages that mention me, over all conversations. */
export function totalMentions(state: ReadonlyChatState): number {
  let total = 0;
  for (const channel of state.channels.values()) total += channel.mentions ?? 0;
  return total;
}

/** Whether a message mentions me (the server's `mentions`; a tombstone mentions nobody). */
export function mentionsMe(state: ReadonlyChatState, message: Message): boolean {
  return !message.deleted && (message.mentions ?? []).some((name) => isMe(state, name));
}

/**
 * Whom `@` may name in a channel: a room's members, a direct channel's two, everyone's known
 * users; others before me, each with their nickname when known.
 */
export function mentionCandidates(state: ReadonlyChatState, channelId: string | undefined): NameParts[] {
  const channel = channelId ? state.channels.get(channelId) : undefined;
  if (!channel) return [];
  let names: string[];
  if (channel.kind === 'room') names = channel.members ?? [];
  else if (channel.kind === 'direct') names = [channel.name, state.me.username];
  else names = [...state.users.values()].map((user) => user.username);
  const unique = [...new Map(names.map((name) => [userKey(name), name])).values()];
  return unique
    .sort((a, b) => Number(isMe(state, a)) - Number(isMe(state, b)) || a.localeCompare(b))
    .map((name) => nameOf(state, userOf(state, name)?.username ?? name));
}

/** The direct channel with this user, when the page knows it. */
export function directWith(state: ReadonlyChatState, username: string): Channel | undefined {
  for (const channel of state.channels.values()) {
    if (channel.kind === 'direct' && userKey(channel.name) === userKey(username)) return channel;
  }
  return undefined;
}

/**
 * The people panel: other users whose presence is live here (told unasked, or watched: a user
 * once watched and no longer stays known for their name but is not listed), online first, then by name.
 */
export function sortedUsers(state: ReadonlyChatState): User[] {
  const live = (key: string) => state.circle.has(key) || state.watching.has(key);
  return [...state.users.entries()]
    .filter(([key, user]) => live(key) && !isMe(state, user.username))
    .map(([, user]) => user)
    .sort((a, b) => Number(b.online) - Number(a.online) || a.username.localeCompare(b.username));
}

export function typingIn(state: ReadonlyChatState, channelId: string): string[] {
  return [...(state.typing.get(channelId) ?? [])];
}

/**
 * Whether a stored message is news to this page (asked before it is received): a loaded timeline
 * knows whether it had it; otherwise the channel's last message tells, and an unknown channel
 * (someone's first message to me) makes it news too.
 */
export function isUnseenMessage(state: ReadonlyChatState, message: Message): boolean {
  const channel = state.channels.get(message.channelId);
  if (!channel) return true;
  const timeline = state.timelines.get(message.channelId);
  if (timeline && timeline.status !== 'empty') return !timeline.has(message.id);
  return !channel.lastMessage || isNewer(message.id, channel.lastMessage.id);
}

/** Whether a `channelUpdate` says I am no longer in this room (left elsewhere, or removed). */
export function leavesMe(state: ReadonlyChatState, channel: Channel): boolean {
  return channel.kind === 'room' && channel.members !== undefined && !channel.members.some((name) => isMe(state, name));
}
