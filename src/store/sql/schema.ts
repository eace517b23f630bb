/**
 * The tables as Kysely sees them. BIGINT columns come back as decimal strings from MySQL
 * (mysql2 `bigNumberStrings`) and as numbers from SQLite; rows.ts turns both into records.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type BigInt64 = ColumnType<string | number, number, number>;
type NullableBigInt64 = ColumnType<string | number | null, number | null | undefined, number | null>;
type AutoId = Generated<string | number>;
/** 0 or 1: MySQL has no boolean type and SQLite stores booleans as integers. */
type Flag = ColumnType<number, number, number>;

export interface UsersTable {
  id: AutoId;
  username: string;
  /** The username in lower case: the unique key, since names are unique ignoring case. */
  username_key: string;
  nickname: string | null;
  password_hash: string;
  created_at: BigInt64;
  last_seen_at: NullableBigInt64;
}

export interface ChannelsTable {
  id: AutoId;
  kind: string;
  name: string | null;
  /** Lower-cased name of a PUBLIC room (unique); null for private rooms and other kinds. */
  name_key: string | null;
  is_private: Flag;
  /** "<lowId>:<highId>" of a direct channel (unique), else null. */
  direct_key: string | null;
  user_a: NullableBigInt64;
  user_b: NullableBigInt64;
  created_by: NullableBigInt64;
  created_at: BigInt64;
}

export interface ChannelMembersTable {
  channel_id: BigInt64;
  user_id: BigInt64;
  /** The newest message id the member has read; 0 for none. */
  last_read_id: BigInt64;
  joined_at: BigInt64;
}

export interface MessagesTable {
  id: AutoId;
  channel_id: BigInt64;
  sender_id: BigInt64;
  text: string;
  client_id: string | null;
  created_at: BigInt64;
  edited_at: ColumnType<string | number | null, number | null | undefined, number | null>;
  deleted: ColumnType<number, number | undefined, number>;
  reply_to_id: ColumnType<string | number | null, number | null | undefined, number | null>;
}

/** One user's reaction with one emoji; `id` orders emoji by first use and users by when they reacted. */
export interface MessageReactionsTable {
  id: AutoId;
  message_id: BigInt64;
  user_id: BigInt64;
  emoji: string;
}

/** One mentioned member of a message; `channel_id` lets a channel's unread mentions be counted from an index. */
export interface MessageMentionsTable {
  message_id: BigInt64;
  user_id: BigInt64;
  channel_id: BigInt64;
  /** Order of first appearance in the text. */
  position: ColumnType<number, number, number>;
}

/** One upload: `size` null while its bytes arrive; `message_id`, `channel_id`, `position` set once posted. */
export interface AttachmentsTable {
  id: string;
  uploader_id: BigInt64;
  name: string;
  type: string;
  size: NullableBigInt64;
  created_at: BigInt64;
  message_id: NullableBigInt64;
  channel_id: NullableBigInt64;
  position: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The bytes of an upload, in order of `seq`; every chunk but the last has the same size. */
export interface AttachmentChunksTable {
  attachment_id: string;
  seq: ColumnType<number, number, number>;
  data: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
}

/** A change of a room's members, placed after message `after_message_id` (0: before any). */
/** MySQL only (migration 0007): one start of a word of a message's current text; see message-terms.ts. */
export interface MessageTermsTable {
  term: string;
  channel_id: BigInt64;
  message_id: BigInt64;
}

/** MySQL only (migration 0008): a message whose terms the indexer has still to write; see message-term-indexer.ts. */
export interface MessageTermsPendingTable {
  message_id: BigInt64;
  channel_id: BigInt64;
}

export interface RoomEventsTable {
  id: AutoId;
  channel_id: BigInt64;
  kind: string;
  actor_id: BigInt64;
  target_id: NullableBigInt64;
  created_at: BigInt64;
  after_message_id: BigInt64;
}

export interface SessionsTable {
  sid: string;
  data: string;
  expires_at: BigInt64;
  /** The signed-in user's id, or null for a session that only holds a CSRF token. */
  user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  users: UsersTable;
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  messages: MessagesTable;
  message_reactions: MessageReactionsTable;
  message_mentions: MessageMentionsTable;
  attachments: AttachmentsTable;
  attachment_chunks: AttachmentChunksTable;
  room_events: RoomEventsTable;
  message_terms: MessageTermsTable;
  message_terms_pending: MessageTermsPendingTable;
  sessions: SessionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type MessageRow = Selectable<MessagesTable>;
