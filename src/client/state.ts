/**
 * What the page knows: users, channels with unread counts, one timeline per channel, who is
 * typing where, and which conversation is open. Mutations go through the controller, which then
 * asks the views to render; this module holds data and answers questions about it.
 */
import type { Channel, Message, User } from '../shared/types';
import { isNewer } from './ids';
import { fullName, type NameParts } from './names';
import { Timeline } from './timeline';

export class ChatState {
  readonly users = new Map<string, User>();
  readonly channels = new Map<string, Channel>();
  readonly timelines = new Map<string, Timeline>();
  /** channelId → usernames typing there. */
  readonly typing = new Map<string, Set<string>>();
  /** When a channel without messages was opened here, so it sorts as recent activity. */
  private readonly touched = new Map<string, string>();
  openChannelId: string | undefined;

  constructor(public me: User) {
    this.users.set(key(me.username), me);
  }

  get openChannel(): Channel | undefined {
    return this.openChannelId ? this.channels.get(this.openChannelId) : undefined;
  }

  isMe(username: string): boolean {
    return key(username) === key(this.me.username);
  }

  user(username: string): User | undefined {
    return this.users.get(key(username));
  }

  /** Replaces the user list (the snapshot sent at connect); I stay in it whatever it says. */
  setUsers(users: readonly User[]): void {
    this.users.clear();
    for (const user of users) this.users.set(key(user.username), user);
    if (!this.users.has(key(this.me.username))) this.users.set(key(this.me.username), this.me);
    this.me = this.users.get(key(this.me.username)) ?? this.me;
  }

  upsertUser(user: User): void {
    this.users.set(key(user.username), user);
    if (this.isMe(user.username)) this.me = user;
  }

  timeline(channelId: string): Timeline {
    let timeline = this.timelines.get(channelId);
    if (!timeline) {
      timeline = new Timeline(channelId);
      this.timelines.set(channelId, timeline);
    }
    return timeline;
  }

  /** Replaces the channel list; channels missing from it are dropped (e.g. rooms left elsewhere). */
  setChannels(channels: readonly Channel[]): void {
    const seen = new Set(channels.map((channel) => channel.id));
    for (const id of [...this.channels.keys()]) if (!seen.has(id)) this.removeChannel(id);
    for (const channel of channels) this.upsertChannel(channel);
  }

  /** Stores a channel; keeps the newer of the two last messages. */
  upsertChannel(channel: Channel): void {
    const current = this.channels.get(channel.id);
    const lastMessage = newerMessage(current?.lastMessage, channel.lastMessage);
    this.channels.set(channel.id, { ...channel, ...(lastMessage ? { lastMessage } : {}) });
  }

  removeChannel(channelId: string): void {
    this.channels.delete(channelId);
    this.timelines.delete(channelId);
    this.typing.delete(channelId);
  }

  touch(channelId: string): void {
    if (!this.touched.has(channelId)) this.touched.set(channelId, new Date().toISOString());
  }

  /** Records a message as the channel's latest when it is; returns whether it was. */
  noteLastMessage(message: Message): boolean {
    const channel = this.channels.get(message.channelId);
    if (!channel) return false;
    if (channel.lastMessage && !isNewer(message.id, channel.lastMessage.id)) return false;
    this.channels.set(channel.id, { ...channel, lastMessage: message });
    return true;
  }

  setUnread(channelId: string, unread: number): void {
    const channel = this.channels.get(channelId);
    if (channel) this.channels.set(channelId, { ...channel, unread: Math.max(0, unread) });
  }

  /** `Everyone` first, then newest activity first. */
  sortedChannels(): Channel[] {
    const activity = (channel: Channel) => channel.lastMessage?.sentAt ?? this.touched.get(channel.id) ?? '';
    return [...this.channels.values()].sort((a, b) => {
      if (a.kind === 'everyone' || b.kind === 'everyone') return a.kind === 'everyone' ? -1 : 1;
      return activity(b).localeCompare(activity(a));
    });
  }

  totalUnread(): number {
    let total = 0;
    for (const channel of this.channels.values()) total += channel.unread;
    return total;
  }

  /** The direct channel with this user, when the page knows it. */
  directWith(username: string): Channel | undefined {
    for (const channel of this.channels.values()) {
      if (channel.kind === 'direct' && key(channel.name) === key(username)) return channel;
    }
    return undefined;
  }

  /** A user's username and nickname, for showing them side by side. */
  nameOf(username: string): NameParts {
    const nickname = this.user(username)?.nickname;
    return nickname ? { username, nickname } : { username };
  }

  /** How to show a user as plain text: "Ally (alice)" with a nickname, else the username. */
  displayName(username: string): string {
    return fullName(this.nameOf(username));
  }

  channelTitle(channel: Channel): string {
    if (channel.kind === 'everyone') return 'Everyone';
    if (channel.kind === 'direct') return this.displayName(channel.name);
    return `# ${channel.name}`;
  }

  /** Other users, online first, then by name. */
  sortedUsers(): User[] {
    return [...this.users.values()]
      .filter((user) => !this.isMe(user.username))
      .sort((a, b) => Number(b.online) - Number(a.online) || a.username.localeCompare(b.username));
  }

  setTyping(channelId: string, username: string, typing: boolean): boolean {
    let names = this.typing.get(channelId);
    if (typing) {
      if (!names) this.typing.set(channelId, (names = new Set()));
      if (names.has(username)) return false;
      names.add(username);
      return true;
    }
    return names?.delete(username) ?? false;
  }

  typingIn(channelId: string): string[] {
    return [...(this.typing.get(channelId) ?? [])];
  }
}

function key(username: string): string {
  return username.toLowerCase();
}

function newerMessage(a: Message | undefined, b: Message | undefined): Message | undefined {
  if (!a) return b;
  if (!b) return a;
  return isNewer(b.id, a.id) ? b : a;
}
