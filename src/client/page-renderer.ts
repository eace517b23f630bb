/**
 * Draws the state into the views: header, sidebar lists, and the open conversation with its
 * header, rows and typing line. Called once per batch of changes by the controller.
 */
import type { Channel } from '../shared/types';
import { layoutRows } from './message-layout';
import type { NameParts } from './names';
import { notificationPermission } from './notifications';
import type { PreferenceStore } from './preferences';
import type { ChatState } from './state';
import { describeRoom } from './room-input';
import { formatLastSeen, parseTimestamp } from './time';
import { previewOf, type ChannelListView } from './views/channel-list';
import type { ComposerView } from './views/composer';
import type { ConversationView } from './views/conversation-view';
import type { HeaderView } from './views/header';
import type { Label } from './views/name';
import type { UserListView } from './views/user-list';
import type { UserSearch } from './views/user-search';

export type Views = {
  header: HeaderView;
  channelList: ChannelListView;
  userList: UserListView;
  userSearch: UserSearch;
  conversation: ConversationView;
  composer: ComposerView;
  rooms: { render(open: Channel | undefined, channels: ReadonlyMap<string, Channel>): void };
};

export class PageRenderer {
  constructor(
    private readonly views: Views,
    private readonly state: ChatState,
    private readonly preferences: PreferenceStore,
  ) {}

  /** `ownMessage`: the user just sent, so the conversation scrolls to its end. */
  render(ownMessage: boolean): void {
    const now = new Date();
    const { state, preferences, views } = this;
    views.header.setMe(state.nameOf(state.me.username));
    views.header.setSound(preferences.sound);
    const permission = notificationPermission();
    views.header.setNotifications(
      preferences.notifications && permission === 'granted',
      permission !== 'unsupported' && permission !== 'denied',
    );
    const displayName = (username: string) => (state.isMe(username) ? 'You' : state.displayName(username));
    views.channelList.render(
      state.sortedChannels().map((channel) => ({
        channel,
        title: state.channelTitle(channel),
        label: this.label(channel),
        open: channel.id === state.openChannelId,
        muted: preferences.isMuted(channel.id),
        online: channel.kind === 'direct' ? (state.user(channel.name)?.online ?? false) : undefined,
        typing: state.typingIn(channel.id).length > 0,
        preview: previewOf(channel, displayName),
      })),
    );
    views.userList.render(state.sortedUsers(), now);
    views.userSearch.refresh((username) => state.user(username));
    this.renderConversation(now, ownMessage);
    views.rooms.render(state.openChannel, state.channels);
  }

  /** A conversation's name: a person's for a direct channel (nickname beside username), else its title. */
  private label(channel: Channel): Label {
    return channel.kind === 'direct' ? this.state.nameOf(channel.name) : this.state.channelTitle(channel);
  }

  private renderConversation(now: Date, ownMessage: boolean): void {
    const { state, views } = this;
    const channel = state.openChannel;
    if (!channel) return;
    const timeline = state.timeline(channel.id);
    const title = state.channelTitle(channel);
    views.conversation.setHeader(this.label(channel), this.conversationMeta(channel, now), this.preferences.isMuted(channel.id));
    views.composer.setPlaceholder(`Message ${title}`);
    views.conversation.render(
      layoutRows(timeline.messages, timeline.pending, state.me.username, now),
      { status: timeline.status, hasMore: timeline.hasMore, loadingOlder: timeline.loadingOlder },
      { now, me: state.me.username, nameOf: (username) => state.nameOf(username) },
      ownMessage,
    );
    views.conversation.setTyping(typingLine(state.typingIn(channel.id).map((name) => state.nameOf(name))));
  }

  private conversationMeta(channel: Channel, now: Date): string {
    const { state } = this;
    if (channel.kind === 'everyone') {
      const online = [...state.users.values()].filter((user) => user.online).length;
      return `Everyone who has signed up · ${online} online`;
    }
    if (channel.kind === 'direct') {
      const user = state.user(channel.name);
      if (!user) return 'Direct conversation';
      if (user.online) return 'Online';
      const lastSeen = parseTimestamp(user.lastSeen);
      return lastSeen ? `Offline · last seen ${formatLastSeen(lastSeen, now)}` : 'Offline';
    }
    const online = (channel.members ?? []).filter((name) => state.user(name)?.online).length;
    return describeRoom(channel, online);
  }
}

/** "alice is typing…", "alice and bob are typing…", "Several people are typing…", names kept apart. */
export function typingLine<T extends string | NameParts>(names: readonly T[]): (T | string)[] {
  const [first, second] = names;
  if (first === undefined) return [];
  if (second === undefined) return [first, ' is typing…'];
  if (names.length === 2) return [first, ' and ', second, ' are typing…'];
  return ['Several people are typing…'];
}

export function typingText(names: readonly string[]): string {
  return typingLine(names).join('');
}
