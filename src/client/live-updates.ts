/**
 * What the server pushes: the user list and its changes, messages, typing notices and channel
 * changes. Each lands in the state; unread counts and alerts follow for messages the user is not
 * reading at the moment they arrive.
 */
import type { Channel, Message, TypingNotice } from '../shared/types';
import type { Alerts } from './alerts';
import type { ChatSocket } from './connection';
import type { ChatState } from './state';

/** A typing notice the server failed to end is dropped after this long. */
const TYPING_FALLBACK_MS = 7000;

export type LiveUpdateDeps = {
  state: ChatState;
  alerts: Alerts;
  /** Whether the user sees the end of this channel, in a visible tab, right now. */
  isReading(channelId: string): boolean;
  refreshChannels(): Promise<void>;
  openChannel(channelId: string): void;
  /** The open channel went away (a room left elsewhere): show Everyone. */
  openEveryone(): void;
  /** A room appeared in the user's list (created elsewhere, joined, or an invitation). */
  roomAppeared(channel: Channel): void;
  invalidate(): void;
};

export class LiveUpdates {
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: LiveUpdateDeps) {}

  register(socket: ChatSocket): void {
    const { state, invalidate } = this.deps;
    socket.on('updateUsers', (users) => {
      state.setUsers(users);
      invalidate();
    });
    socket.on('userStatus', (user) => {
      state.upsertUser(user);
      invalidate();
    });
    socket.on('chatMessage', (message) => this.message(message));
    socket.on('typing', (notice) => this.typing(notice, true));
    socket.on('doneTyping', (notice) => this.typing(notice, false));
    socket.on('channelUpdate', (channel) => this.channelUpdate(channel));
  }

  /** A stored message, pushed or acked. Duplicates are dropped; a new one may count as unread. */
  message(message: Message): void {
    const { state, alerts } = this.deps;
    const timeline = state.timelines.get(message.channelId);
    const known = state.channels.has(message.channelId);
    const wasReading = this.deps.isReading(message.channelId);
    const added = timeline?.add(message) ?? false;
    const newer = state.noteLastMessage(message);
    // A loaded timeline knows whether it had the message; otherwise the channel's last one tells.
    const fresh = timeline && timeline.status !== 'empty' ? added : newer;
    this.clearTyping(message.channelId, message.from);
    if (!known) void this.deps.refreshChannels(); // e.g. someone's first message to me
    if (!state.isMe(message.from) && (fresh || !known)) {
      const channel = state.channels.get(message.channelId);
      if (!wasReading && channel) state.setUnread(channel.id, channel.unread + 1);
      if (!wasReading) {
        const title = channel ? state.channelTitle(channel) : message.from;
        alerts.newMessage(message, title, () => this.deps.openChannel(message.channelId));
      }
    }
    this.deps.invalidate();
  }

  private typing(notice: TypingNotice, typing: boolean): void {
    const { state } = this.deps;
    if (state.isMe(notice.username)) return;
    const key = `${notice.channelId}\n${notice.username}`;
    clearTimeout(this.typingTimers.get(key));
    this.typingTimers.delete(key);
    if (typing) {
      const timer = setTimeout(() => this.clearTyping(notice.channelId, notice.username), TYPING_FALLBACK_MS);
      this.typingTimers.set(key, timer);
    }
    if (state.setTyping(notice.channelId, notice.username, typing)) this.deps.invalidate();
  }

  private clearTyping(channelId: string, username: string): void {
    const key = `${channelId}\n${username}`;
    clearTimeout(this.typingTimers.get(key));
    this.typingTimers.delete(key);
    if (this.deps.state.setTyping(channelId, username, false)) this.deps.invalidate();
  }

  private channelUpdate(channel: Channel): void {
    const { state } = this.deps;
    const left = channel.kind === 'room' && channel.members && !channel.members.some((name) => state.isMe(name));
    if (left) {
      state.removeChannel(channel.id);
      if (state.openChannelId === channel.id) this.deps.openEveryone();
    } else {
      const appeared = channel.kind === 'room' && !state.channels.has(channel.id);
      state.upsertChannel(channel);
      if (appeared) {
        state.touch(channel.id); // a new room sorts as recent, not below every conversation with messages
        this.deps.roomAppeared(channel);
      }
    }
    this.deps.invalidate();
  }
}
