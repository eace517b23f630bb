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
};

export type Channel = {
  id: string;
  kind: ChannelKind;
  name: string;
  members?: string[];
  unread: number;
  lastMessage?: Message;
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
export type HistoryResult = { channel: Channel; messages: Message[]; hasMore: boolean };
export type MessageResult = { message: Message };
export type UsersResult = { users: User[] };
export type UserResult = { user: User };
export type ChannelResult = { channel: Channel };
export type EmptyResult = Record<string, never>;

export type TypingNotice = { channelId: string; username: string };
