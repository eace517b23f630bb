/** The shapes that cross the wire, exactly as docs/protocol.md names them. */

export type ChannelKind = 'everyone' | 'direct' | 'room';

export type User = {
  username: string;
  nickname?: string;
  online: boolean;
  /** ISO 8601, UTC. */
  lastSeen?: string;
};

export type Message = {
  /** Decimal integer string, increasing within a channel in stored order. */
  id: string;
  channelId: string;
  from: string;
  text: string;
  /** ISO 8601, UTC. */
  sentAt: string;
  clientId?: string;
  /** ISO 8601, UTC: present once the text was edited. */
  editedAt?: string;
  /** A tombstone: text "", and no replyTo, reactions, mentions or attachments. */
  deleted?: true;
  /** The message replied to, as it is now. */
  replyTo?: ReplyQuote;
  /** Absent or [] when none; in the order each emoji was first used. */
  reactions?: Reaction[];
  /** Usernames (registered spelling) this message mentions, first appearance first, no repeats. */
  mentions?: string[];
  /** In the order given by the sender. */
  attachments?: Attachment[];
};

/** The message a reply quotes: its first 200 code points ("" once deleted). */
export type ReplyQuote = { id: string; from: string; text: string; deleted?: true };

/** Usernames in the order they reacted. */
export type Reaction = { emoji: string; users: string[] };

/** `type`: a MIME type; `size`: bytes; `url`: a same-site path. */
export type Attachment = { id: string; name: string; type: string; size: number; url: string };

export type Channel = {
  id: string;
  kind: ChannelKind;
  name: string;
  members?: string[];
  unread: number;
  lastMessage?: Message;
  /** Of this channel's unread messages, how many mention the user. */
  mentions: number;
  /** Direct channels only: the other member's read position (a message id), absent until they read one. */
  readUpTo?: string;
  /** Rooms only: whether the room is hidden from `listRooms`. Not in the contract; clients may ignore it. */
  private?: boolean;
};

export const ERROR_CODES = ['invalid', 'not_found', 'forbidden', 'rate_limited', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type AckError = { ok: false; error: { code: ErrorCode; message: string } };
export type AckSuccess<T> = { ok: true } & T;
export type AckResponse<T> = AckSuccess<T> | AckError;
export type Ack<T> = (response: AckResponse<T>) => void;

export type ChannelsResult = { channels: Channel[] };
/**
 * `events`: not in the contract, an addition of this project (docs/room-events.md). For rooms only,
 * the room events placed within the page's span (see RoomEvent); absent for other channels.
 */
export type HistoryResult = { channel: Channel; messages: Message[]; hasMore: boolean; events?: RoomEvent[] };
/** `searchMessages`: newest first; `hasMore` when older results exist (ask again with `before`). */
export type SearchResult = { messages: Message[]; hasMore: boolean };
export type MessageResult = { message: Message };
export type UsersResult = { users: User[] };
export type UserResult = { user: User };
export type ChannelResult = { channel: Channel };
export type EmptyResult = Record<string, never>;

/**
 * A change of a room's members, shown among its messages as a quiet line ("alice added bob").
 * Not a Message: it has ids of its own, never counts as unread, never is a `lastMessage`.
 * `created`: `actor` made the room; `joined`: `actor` joined it; `added`: `actor` added `target`
 * (an invitation, or a member named at creation); `left`: `actor` left.
 */
export const ROOM_EVENT_KINDS = ['created', 'joined', 'added', 'left'] as const;
export type RoomEventKind = (typeof ROOM_EVENT_KINDS)[number];
export type RoomEvent = {
  /** Decimal integer string, increasing in the order the server stored the events. */
  id: string;
  channelId: string;
  kind: RoomEventKind;
  /** Usernames, as registered. */
  actor: string;
  target?: string;
  /** ISO 8601, UTC. */
  at: string;
  /** The channel's newest message id when it happened ("0" before any): it sits just after that message. */
  afterMessageId: string;
};

export type TypingNotice = { channelId: string; username: string };

/** In a direct channel: the other member read up to `messageId`. */
export type ReadReceipt = { channelId: string; username: string; messageId: string };
