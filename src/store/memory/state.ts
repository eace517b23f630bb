/**
 * The data of the in-memory stores, shared by the user, channel and message stores the way tables
 * are shared in SQL. Used by the Engine's unit tests; the semantics match the SQL stores exactly.
 */
import type { ChannelRecord, MessageRecord, UserRecord } from '../../chat/records';

export type MemoryMember = { lastReadId: number; joinedAt: number };

export type MemoryState = {
  users: Map<string, UserRecord>;
  /** Lower-cased username → user id. */
  usernames: Map<string, string>;
  channels: Map<string, ChannelRecord>;
  /** "<low>:<high>" → direct channel id. */
  directKeys: Map<string, string>;
  /** Lower-cased public room name → channel id. */
  roomNames: Map<string, string>;
  /** Channel id → user id → membership. */
  members: Map<string, Map<string, MemoryMember>>;
  /** Channel id → its messages in id order. */
  messages: Map<string, MessageRecord[]>;
  /** "<channel>:<sender>:<clientId>" → message. */
  clientIds: Map<string, MessageRecord>;
  /** Message id → its reactions, emoji in order of first use, user ids in order of reacting. */
  reactions: Map<string, { emoji: string; userIds: string[] }[]>;
  /** Message id → the user ids it mentions, in order. */
  mentions: Map<string, string[]>;
  everyoneId: string;
  nextId: { user: number; channel: number; message: number };
};

export function createMemoryState(now: number = Date.now()): MemoryState {
  const everyone: ChannelRecord = {
    id: '1',
    kind: 'everyone',
    name: null,
    isPrivate: false,
    directPair: null,
    createdBy: null,
    createdAt: now,
  };
  return {
    users: new Map(),
    usernames: new Map(),
    channels: new Map([[everyone.id, everyone]]),
    directKeys: new Map(),
    roomNames: new Map(),
    members: new Map([[everyone.id, new Map()]]),
    messages: new Map(),
    clientIds: new Map(),
    reactions: new Map(),
    mentions: new Map(),
    everyoneId: everyone.id,
    nextId: { user: 1, channel: 2, message: 1 },
  };
}

/** The newest message id of a channel, 0 when it has none. */
export function latestMessageId(state: MemoryState, channelId: string): number {
  const list = state.messages.get(channelId);
  const last = list?.[list.length - 1];
  return last ? Number(last.id) : 0;
}

/** Copies, so that callers changing a record cannot change the store. */
export const copyUser = (user: UserRecord): UserRecord => ({ ...user });
export const copyChannel = (channel: ChannelRecord): ChannelRecord => ({
  ...channel,
  directPair: channel.directPair && [channel.directPair[0], channel.directPair[1]],
});
export const copyMessage = (message: MessageRecord): MessageRecord => ({ ...message });
