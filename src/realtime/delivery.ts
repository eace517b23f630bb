/**
 * Decides which Socket.IO rooms hear each Engine event. Broadcasts go through the adapter, so with
 * Redis every process delivers to its own sockets; a message is encoded once per broadcast, not
 * once per recipient, and members of a room are never looped over in JavaScript.
 */
import type { ChatEvent } from '../chat/events';
import type { PresenceAudience } from '../chat/presence-circle';
import type { ChannelRecord } from '../chat/records';
import { channelRoom, userRoom, watchRoom } from './room-names';
import type { ChatServer } from './types';

/** Every socket of every member of the channel. */
function toMembers(io: ChatServer, channel: ChannelRecord) {
  if (channel.kind === 'everyone') return io;
  if (channel.kind === 'direct' && channel.directPair) return io.to(channel.directPair.map(userRoom));
  return io.to(channelRoom(channel.id));
}

/** The channel's members except one user (all of that user's tabs). */
function toOthers(io: ChatServer, channel: ChannelRecord, userId: string) {
  if (channel.kind === 'everyone') return io.except(userRoom(userId));
  if (channel.kind === 'direct' && channel.directPair) {
    return io.to(channel.directPair.filter((id) => id !== userId).map(userRoom));
  }
  return io.to(channelRoom(channel.id)).except(userRoom(userId));
}

/**
 * A presence change on a large site: one emit to the rooms of its audience. Socket.IO sends it
 * once to each socket in any of them, and through the Redis adapter each process does so for its
 * own sockets: no socket outside the audience is visited.
 */
function toAudience(io: ChatServer, audience: PresenceAudience) {
  return io.to([...audience.userIds.map(userRoom), ...audience.roomIds.map(channelRoom), watchRoom(audience.watchersOf)]);
}

export function deliver(io: ChatServer, event: ChatEvent): void {
  switch (event.type) {
    case 'message':
      toMembers(io, event.channel).emit('chatMessage', event.message);
      return;
    case 'typing':
    case 'doneTyping':
      toOthers(io, event.channel, event.userId).emit(event.type, event.notice);
      return;
    case 'userStatus':
      (event.audience ? toAudience(io, event.audience) : io).emit('userStatus', event.user);
      return;
    case 'channelUpdate':
      io.to(userRoom(event.userId)).emit('channelUpdate', event.channel);
      return;
    case 'messageUpdated':
      toMembers(io, event.channel).emit('messageUpdated', event.message);
      return;
    case 'readReceipt':
      io.to(userRoom(event.userId)).emit('readReceipt', event.receipt);
      return;
    case 'roomEvent':
      // One emit to the union of the rooms: a socket in several of them gets it once.
      io.to([channelRoom(event.channel.id), ...event.userIds.map(userRoom)]).emit('roomEvent', event.event);
      return;
    case 'membership':
      if (event.joined) io.in(userRoom(event.userId)).socketsJoin(channelRoom(event.channelId));
      else io.in(userRoom(event.userId)).socketsLeave(channelRoom(event.channelId));
      return;
  }
}
