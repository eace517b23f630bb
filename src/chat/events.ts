/**
 * What the Engine reports as it happens. The transport decides who hears each event (Socket.IO
 * rooms); the Engine never knows about sockets.
 */
import type { Channel, Message, ReadReceipt, RoomEvent, TypingNotice, User } from '../shared';
import type { PresenceAudience } from './presence-circle';
import type { ChannelRecord } from './records';

export type ChatEvent =
  /** A stored message, reported in id order per channel, to every member's sockets. */
  | { type: 'message'; channel: ChannelRecord; message: Message }
  /** To the channel's members except the typer. */
  | { type: 'typing' | 'doneTyping'; channel: ChannelRecord; userId: string; notice: TypingNotice }
  /**
   * A user's first socket came, last socket went, or nickname changed: to everyone on a small
   * site (no audience), else only to the audience (PresenceAudience).
   */
  | { type: 'userStatus'; user: User; audience?: PresenceAudience }
  /** To one user's sockets: one of their channels changed as they see it. */
  | { type: 'channelUpdate'; userId: string; channel: Channel }
  /** A user's sockets start or stop hearing a room (on every process). */
  | { type: 'membership'; userId: string; channelId: string; joined: boolean }
  /** A message was edited, deleted or its reactions changed: to every member's sockets, the whole message as it is now. */
  | { type: 'messageUpdated'; channel: ChannelRecord; message: Message }
  /** To one user's sockets: the other member of a direct channel read further. */
  | { type: 'readReceipt'; userId: string; receipt: ReadReceipt }
  /** A room's members changed: to its members' sockets, and to `userIds`' (a newcomer's may not hear the room yet). */
  | { type: 'roomEvent'; channel: ChannelRecord; event: RoomEvent; userIds: string[] };

export type ChatEventListener = (event: ChatEvent) => void;

/** Who acts: always taken from the session, never from a payload. */
export type Actor = { id: string; username: string };
