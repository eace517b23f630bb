/** Turns store records into the wire shapes of docs/protocol.md: every channel view is built here. */
import type { Channel, Message, User } from '../shared';
import { ChatError } from './errors';
import type { Actor } from './events';
import type { ChannelStore } from './ports';
import { withMessageDetails } from './message-view';
import type { ChannelRecord, ChannelSummary, MessageRecord, UserRecord } from './records';

export const EVERYONE_NAME = 'Everyone';

export function toMessage(record: MessageRecord): Message {
  const message: Message = {
    id: record.id,
    channelId: record.channelId,
    from: record.senderName,
    text: record.text,
    sentAt: new Date(record.createdAt).toISOString(),
  };
  if (record.clientId !== null) message.clientId = record.clientId;
  return withMessageDetails(message, record);
}

export function toUser(record: UserRecord, online: boolean): User {
  const user: User = { username: record.username, online };
  if (record.nickname !== null) user.nickname = record.nickname;
  if (!online && record.lastSeenAt !== null) user.lastSeen = new Date(record.lastSeenAt).toISOString();
  return user;
}

/** The channel's name as `viewerName` sees it: a direct channel is named after the other member. */
export function channelName(channel: ChannelRecord, memberNames: string[] | null, viewerName: string): string {
  if (channel.kind === 'everyone') return EVERYONE_NAME;
  if (channel.kind === 'room') return channel.name ?? '';
  const other = memberNames?.find((name) => name.toLowerCase() !== viewerName.toLowerCase());
  return other ?? viewerName;
}

export function toChannel(summary: ChannelSummary, viewerName: string): Channel {
  const { channel, memberNames } = summary;
  const view: Channel = {
    id: channel.id,
    kind: channel.kind,
    name: channelName(channel, memberNames, viewerName),
    unread: summary.unread,
    mentions: summary.mentions ?? 0,
  };
  if (channel.kind === 'direct' && summary.otherReadId !== undefined && summary.otherReadId !== '0') {
    view.readUpTo = summary.otherReadId;
  }
  if (memberNames !== null && channel.kind !== 'everyone') view.members = memberNames;
  if (summary.lastMessage) view.lastMessage = toMessage(summary.lastMessage);
  if (channel.kind === 'room') view.private = channel.isPrivate;
  return view;
}

/** The channel as one member sees it (their unread count, a direct channel named after the other). */
export async function loadChannelView(channels: ChannelStore, channelId: string, viewer: Actor): Promise<Channel> {
  const summary = await channels.summaryFor(channelId, viewer.id);
  if (!summary) throw new ChatError('forbidden', 'You are not a member of that channel');
  return toChannel(summary, viewer.username);
}

/** A public room in the room list: no members, no unread count. */
export function toRoomListing(room: ChannelRecord): Channel {
  return { id: room.id, kind: room.kind, name: room.name ?? '', unread: 0, mentions: 0, private: false };
}

/** A room as someone outside it sees it now (the one who just left): its members, nothing unread. */
export function toRoomOutside(room: ChannelRecord, memberNames: string[]): Channel {
  return {
    id: room.id,
    kind: 'room',
    name: room.name ?? '',
    members: memberNames,
    unread: 0,
    mentions: 0,
    private: room.isPrivate,
  };
}
