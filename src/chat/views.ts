/** Turns store records into the wire shapes of docs/protocol.md. */
import type { Channel, Message, User } from '../shared';
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
