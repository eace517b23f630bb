/**
 * What the quick switcher (Ctrl+K) offers for a typed name, as pure functions of the state: the
 * user's conversations, people without a conversation yet, and public rooms not joined (the last
 * two also from the server's answers). Names that start with the query come first, then names
 * that contain it; an empty query lists the conversations in the sidebar's order.
 */
import type { Channel, User } from '../shared/types';
import { channelTitle, directWith, displayName, isMe, sortedChannels, sortedUsers } from './store/selectors';
import type { ReadonlyChatState } from './store/state';

export type SwitcherItem = {
  /** Unique in a list: a conversation and the room it is are the same item. */
  key: string;
  kind: 'conversation' | 'person' | 'room';
  label: string;
  /** What it is, in words: "Direct conversation · 2 unread", "Person · online", "Public room · join". */
  detail: string;
  /** Conversations and rooms. */
  channelId?: string;
  /** People. */
  username?: string;
};

export const SWITCHER_LIMIT = 12;

/** Conversations and known people matching `query`, best first. */
export function localItems(state: ReadonlyChatState, query: string): SwitcherItem[] {
  const conversations = sortedChannels(state).map((channel) => ({
    item: conversationItem(state, channel),
    names: [channelTitle(state, channel), channel.name],
  }));
  const people = sortedUsers(state)
    .filter((user) => !directWith(state, user.username))
    .map((user) => ({ item: personItem(state, user), names: [user.username, user.nickname ?? ''] }));
  return ranked([...conversations, ...people], query);
}

/** The server's matching users and public rooms, less those the local list already offers. */
export function remoteItems(
  state: ReadonlyChatState,
  query: string,
  users: readonly User[],
  rooms: readonly Channel[],
): SwitcherItem[] {
  const people = users
    .filter((user) => !isMe(state, user.username) && !directWith(state, user.username))
    .map((user) => ({ item: personItem(state, user), names: [user.username, user.nickname ?? ''] }));
  const unjoined = rooms
    .filter((room) => room.kind === 'room' && !state.channels.has(room.id))
    .map((room) => ({
      item: {
        key: `c:${room.id}`,
        kind: 'room' as const,
        label: `# ${room.name}`,
        detail: 'Public room · join',
        channelId: room.id,
      },
      names: [room.name],
    }));
  return ranked([...people, ...unjoined], query);
}

/** `first` then what `more` adds, each key once, at most SWITCHER_LIMIT. */
export function mergeItems(first: readonly SwitcherItem[], more: readonly SwitcherItem[]): SwitcherItem[] {
  const seen = new Set<string>();
  const merged: SwitcherItem[] = [];
  for (const item of [...first, ...more]) {
    if (seen.has(item.key) || merged.length >= SWITCHER_LIMIT) continue;
    seen.add(item.key);
    merged.push(item);
  }
  return merged;
}

/** The query as names are compared: trimmed, lower case, without a leading `#` or `@`. */
export function normalizeQuery(query: string): string {
  return query
    .trim()
    .replace(/^[#@]\s*/, '')
    .toLowerCase();
}

function conversationItem(state: ReadonlyChatState, channel: Channel): SwitcherItem {
  const kind =
    channel.kind === 'everyone'
      ? 'Everyone on the site'
      : channel.kind === 'direct'
        ? 'Direct conversation'
        : channel.private
          ? 'Private room'
          : 'Room';
  const unread = channel.unread > 0 ? ` · ${channel.unread} unread` : '';
  return {
    key: `c:${channel.id}`,
    kind: 'conversation',
    label: channelTitle(state, channel),
    detail: kind + unread,
    channelId: channel.id,
  };
}

function personItem(state: ReadonlyChatState, user: User): SwitcherItem {
  return {
    key: `p:${user.username.toLowerCase()}`,
    kind: 'person',
    label: displayName(state, user.username),
    detail: `Person · ${user.online ? 'online' : 'offline'}`,
    username: user.username,
  };
}

/** Keeps the candidates whose names match, those starting with the query (or a word of it) first. */
function ranked(candidates: readonly { item: SwitcherItem; names: readonly string[] }[], query: string): SwitcherItem[] {
  const wanted = normalizeQuery(query);
  if (wanted === '') return candidates.map(({ item }) => item).slice(0, SWITCHER_LIMIT);
  const scored: { item: SwitcherItem; score: number }[] = [];
  for (const { item, names } of candidates) {
    const score = Math.min(...names.map((name) => matchScore(name.toLowerCase(), wanted)));
    if (score < Infinity) scored.push({ item, score });
  }
  // Array.prototype.sort is stable: equal scores keep the sidebar's order.
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, SWITCHER_LIMIT)
    .map(({ item }) => item);
}

function matchScore(name: string, wanted: string): number {
  if (name.startsWith(wanted)) return 0;
  if (name.split(/[\s_.-]+/).some((word) => word.startsWith(wanted))) return 1;
  return name.includes(wanted) ? 2 : Infinity;
}
