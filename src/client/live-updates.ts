/**
 * What the server pushes: the user list and its changes, messages, typing notices and channel
 * changes. Each is dispatched to the store; alerts follow for messages the user is not reading at
 * the moment they arrive, and a typing notice the server failed to end is ended here.
 */
import type { Channel, Message, TypingNotice } from '../shared/types';
import type { Alerts } from './alerts';
import type { ChatSocket } from './connection';
import { mentionCountChange } from './store/mention-count';
import { channelTitle, isMe, isUnseenMessage, leavesMe, mentionsMe } from './store/selectors';
import type { Store } from './store/store';

/** A typing notice the server failed to end is dropped after this long. */
const TYPING_FALLBACK_MS = 7000;

export type LiveUpdateDeps = {
  store: Store;
  alerts: Alerts;
  /** Whether the user sees the end of this channel, in a visible tab, right now. */
  isReading(channelId: string): boolean;
  refreshChannels(): Promise<void>;
  openChannel(channelId: string): void;
  /** The open channel went away (a room left elsewhere): show Everyone. */
  openEveryone(): void;
  /** A room appeared in the user's list (created elsewhere, joined, or an invitation). */
  roomAppeared(channel: Channel): void;
};

export class LiveUpdates {
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: LiveUpdateDeps) {}

  register(socket: ChatSocket): void {
    const { store } = this.deps;
    socket.on('updateUsers', (users) => store.dispatch({ type: 'usersLoaded', users }));
    socket.on('userStatus', (user) => store.dispatch({ type: 'userUpdated', user }));
    socket.on('chatMessage', (message) => this.message(message));
    socket.on('typing', (notice) => this.typing(notice, true));
    socket.on('doneTyping', (notice) => this.typing(notice, false));
    socket.on('channelUpdate', (channel) => this.channelUpdate(channel));
    socket.on('messageUpdated', (message) => this.messageUpdated(message));
    socket.on('readReceipt', (receipt) => store.dispatch({ type: 'readReceiptReceived', receipt }));
    socket.on('roomEvent', (event) => store.dispatch({ type: 'roomEventReceived', event }));
  }

  /** A stored message, pushed or acked. Duplicates change nothing; a new one may alert. */
  message(message: Message): void {
    const { store, alerts } = this.deps;
    const known = store.state.channels.has(message.channelId);
    const reading = this.deps.isReading(message.channelId);
    const unseen = isUnseenMessage(store.state, message);
    this.stopTypingTimer(message.channelId, message.from);
    store.dispatch({ type: 'messageReceived', message, reading });
    if (!known) void this.deps.refreshChannels(); // e.g. someone's first message to me
    if (unseen && !reading && !isMe(store.state, message.from)) {
      const channel = store.state.channels.get(message.channelId);
      const title = channel ? channelTitle(store.state, channel) : message.from;
      const open = () => this.deps.openChannel(message.channelId);
      alerts.newMessage(message, title, open, mentionsMe(store.state, message));
    }
  }

  /** An edit, delete or reaction. When the page cannot tell how it changes my unread mentions, the server tells. */
  private messageUpdated(message: Message): void {
    const { store } = this.deps;
    const unknown = mentionCountChange(store.state, message) === undefined;
    store.dispatch({ type: 'messageUpdated', message });
    if (unknown) void this.deps.refreshChannels();
  }

  private typing(notice: TypingNotice, typing: boolean): void {
    if (isMe(this.deps.store.state, notice.username)) return;
    this.stopTypingTimer(notice.channelId, notice.username);
    if (typing) {
      const timer = setTimeout(() => this.clearTyping(notice.channelId, notice.username), TYPING_FALLBACK_MS);
      this.typingTimers.set(timerKey(notice.channelId, notice.username), timer);
    }
    this.deps.store.dispatch({ type: 'typingChanged', channelId: notice.channelId, username: notice.username, typing });
  }

  private clearTyping(channelId: string, username: string): void {
    this.stopTypingTimer(channelId, username);
    this.deps.store.dispatch({ type: 'typingChanged', channelId, username, typing: false });
  }

  private stopTypingTimer(channelId: string, username: string): void {
    const key = timerKey(channelId, username);
    clearTimeout(this.typingTimers.get(key));
    this.typingTimers.delete(key);
  }

  private channelUpdate(channel: Channel): void {
    const { store } = this.deps;
    const left = leavesMe(store.state, channel);
    const appeared = !left && channel.kind === 'room' && !store.state.channels.has(channel.id);
    store.dispatch({ type: 'channelUpdated', channel });
    if (left && store.state.openChannelId === channel.id) this.deps.openEveryone();
    if (appeared) this.deps.roomAppeared(channel);
  }
}

function timerKey(channelId: string, username: string): string {
  return `${channelId}\n${username}`;
}
