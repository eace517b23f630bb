/** What the stores hand the domain: plain objects, internal ids as decimal strings, times in epoch ms. */
import type { ChannelKind } from '../shared';

export type UserRecord = {
  id: string;
  username: string;
  nickname: string | null;
  passwordHash: string;
  createdAt: number;
  lastSeenAt: number | null;
};

export type ChannelRecord = {
  id: string;
  kind: ChannelKind;
  /** Room name; null for `everyone` and direct channels (their names depend on who looks). */
  name: string | null;
  isPrivate: boolean;
  /** Direct channels only: the two members, lower id first. */
  directPair: [string, string] | null;
  createdBy: string | null;
  createdAt: number;
};

export type MessageRecord = {
  id: string;
  channelId: string;
  senderId: string;
  /** The sender's username as registered. */
  senderName: string;
  text: string;
  createdAt: number;
  clientId: string | null;
};

export type MessageDraft = {
  channelId: string;
  senderId: string;
  text: string;
  clientId: string | null;
  createdAt: number;
};

export type StoredMessage = { message: MessageRecord; created: boolean };

export type HistoryCursor = { before?: string; after?: string };

export type HistoryPage = { messages: MessageRecord[]; hasMore: boolean };

export type ChannelSummary = {
  channel: ChannelRecord;
  unread: number;
  /** The member's read position: the id of the newest message they have read, "0" for none. */
  lastReadId: string;
  lastMessage: MessageRecord | null;
  /** Usernames of the members, for direct channels and rooms. */
  memberNames: string[] | null;
};
