/** What the stores hand the domain: plain objects, internal ids as decimal strings, times in epoch ms. */
import type { ChannelKind, Reaction, ReplyQuote, RoomEventKind } from '../shared';

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
  /** Set once the text was edited. */
  editedAt?: number;
  /** A tombstone: text "", no reply, reactions or mentions. */
  deleted?: boolean;
  /** The id of the message replied to. */
  replyToId?: string;
  /** Details, loaded for a page at a time (see MessageStore): the message replied to, as it is now (full text). */
  replyTo?: ReplyQuote;
  reactions?: Reaction[];
  /** Usernames, first appearance first. */
  mentions?: string[];
  /** Files posted with it, in the order the sender gave. */
  attachments?: AttachmentInfo[];
};

/** An attachment as a message shows it. */
export type AttachmentInfo = { id: string; name: string; type: string; size: number };

/** An upload as the store keeps it. `size` is the byte count; uploads still arriving are never answered. */
export type AttachmentRecord = AttachmentInfo & {
  uploaderId: string;
  createdAt: number;
  /** Set once posted. */
  messageId: string | null;
  channelId: string | null;
};

export type MessageDraft = {
  channelId: string;
  senderId: string;
  text: string;
  clientId: string | null;
  createdAt: number;
  /** A message of the same channel (checked by the Engine). */
  replyToId?: string | null;
  /** Members mentioned, first appearance first, no repeats. */
  mentionIds?: readonly string[];
  /** Uploads of the sender not yet posted (checked by the Engine; the store binds them or refuses). */
  attachmentIds?: readonly string[];
};

export type StoredMessage = { message: MessageRecord; created: boolean };

/** A member named by an edited text (resolved by the Engine). */
export type MentionedUser = { id: string; username: string };

/**
 * A change to a stored message by `actorId`. Edit and remove are the sender's alone; any member
 * reacts (membership is checked by the Engine before).
 */
export type MessageAction =
  | {
      kind: 'edit';
      channelId: string;
      messageId: string;
      actorId: string;
      text: string;
      editedAt: number;
      /** First appearance first, no repeats. */
      mentions: readonly MentionedUser[];
    }
  | { kind: 'remove'; channelId: string; messageId: string; actorId: string }
  | {
      kind: 'react';
      channelId: string;
      messageId: string;
      actorId: string;
      actorName: string;
      emoji: string;
      /** Add (true) or remove the actor's reaction with that emoji. */
      on: boolean;
      /** Different emoji allowed on one message. */
      maxEmoji: number;
    };

/**
 * What an action did. `changed`: the message as it is after the change. `unchanged`: nothing to
 * do (the same text again, a reaction already so, a tombstone deleted again), the message as it is.
 * The rest change nothing: `not_found` (no such message in that channel), `forbidden` (an edit or
 * delete by someone other than the sender), `deleted` (a tombstone is neither edited nor reacted
 * to), `full` (an emoji more than `maxEmoji` different ones).
 */
export type ActionOutcome =
  { status: 'changed' | 'unchanged'; message: MessageRecord } | { status: 'not_found' | 'forbidden' | 'deleted' | 'full' };

/** One write of a batch: a new message, or an action on a stored one. */
export type MessageWrite = { kind: 'append'; draft: MessageDraft } | { kind: 'action'; action: MessageAction };

/** The result of the write at the same place in the batch. */
export type WriteResult = { kind: 'append'; stored: StoredMessage } | { kind: 'action'; outcome: ActionOutcome };

export type HistoryCursor = { before?: string; after?: string };

export type HistoryPage = { messages: MessageRecord[]; hasMore: boolean };

/**
 * A full-text search over the messages of the channels `userId` is a member of (or of `channelId`
 * alone). `words`: letters, digits and `_` only, at least 3 code points each (see shared/search.ts);
 * every one must start a word of the text, ignoring case and diacritics.
 */
export type MessageSearch = {
  userId: string;
  words: readonly string[];
  channelId?: string;
  /** Only messages with a smaller id. */
  before?: string;
  limit: number;
};

export type ChannelSummary = {
  channel: ChannelRecord;
  unread: number;
  /** The member's read position: the id of the newest message they have read, "0" for none. */
  lastReadId: string;
  lastMessage: MessageRecord | null;
  /** Of the unread messages, how many mention the user. */
  mentions?: number;
  /** Direct channels: the other member's read position, "0" for none. */
  otherReadId?: string;
  /** Usernames of the members, for direct channels and rooms. */
  memberNames: string[] | null;
};

/** A change of a room's members as stored (see RoomEvent in shared/types.ts). */
export type RoomEventRecord = {
  id: string;
  channelId: string;
  kind: RoomEventKind;
  actorId: string;
  /** The actor's username as registered. */
  actorName: string;
  targetId: string | null;
  targetName: string | null;
  createdAt: number;
  /** The channel's newest message id when it was stored, "0" for none. */
  afterMessageId: string;
};

export type RoomEventDraft = {
  channelId: string;
  kind: RoomEventKind;
  actorId: string;
  targetId: string | null;
  createdAt: number;
};

/**
 * Which events of a channel: `afterMessageId` at least `from` and below `below` (either bound may
 * be absent), as decimal strings.
 */
export type RoomEventSpan = { from?: string; below?: string };
