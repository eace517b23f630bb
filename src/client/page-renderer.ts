/**
 * Draws the state into the views: header, sidebar lists, and the open conversation with its
 * header, rows and typing line. Called once per batch of the store's changes.
 */
import type { Channel } from '../shared/types';
import { layoutRows } from './message-layout';
import type { NameParts } from './names';
import { notificationPermission } from './notifications';
import { describeRoom } from './room-text';
import { Timeline, type TimelineView } from './timeline';
import { placeMarkers } from './timeline-markers';
import {
  channelTitle,
  directWith,
  displayName,
  isMe,
  isMuted,
  nameOf,
  openChannel,
  sortedChannels,
  sortedUsers,
  timelineOf,
  typingIn,
  userOf,
} from './store/selectors';
import {
  canChange,
  editingIn,
  firstLine,
  highlightedIn,
  messageIn,
  replyTarget,
  seenMessageId,
  DELETED_TEXT,
} from './store/message-selectors';
import type { ReadonlyChatState } from './store/state';
import { formatLastSeen, parseTimestamp } from './time';
import { previewOf, type ChannelListView } from './views/channel-list';
import type { ComposerView } from './views/composer';
import type { ConversationView } from './views/conversation-view';
import type { ConversationIntro, EmptyStates } from './views/empty-states';
import type { HeaderView } from './views/header';
import type { Label } from './views/name';
import type { UserListView } from './views/user-list';
import type { ReplyBar } from './views/reply-bar';
import type { UserSearch } from './views/user-search';

export type Views = {
  header: HeaderView;
  channelList: ChannelListView;
  userList: UserListView;
  userSearch: UserSearch;
  conversation: ConversationView;
  composer: ComposerView;
  replyBar: ReplyBar;
  emptyStates: EmptyStates;
  rooms: { render(open: Channel | undefined, channels: ReadonlyMap<string, Channel>): void };
};

export class PageRenderer {
  constructor(
    private readonly views: Views,
    private readonly read: () => ReadonlyChatState,
  ) {}

  private get state(): ReadonlyChatState {
    return this.read();
  }

  /** `ownMessage`: the user just sent, so the conversation scrolls to its end. */
  render(ownMessage: boolean): void {
    const now = new Date();
    const { state, views } = this;
    const { preferences } = state;
    views.header.setMe(nameOf(state, state.me.username));
    views.header.setSound(preferences.sound);
    const permission = notificationPermission();
    views.header.setNotifications(
      preferences.notifications && permission === 'granted',
      permission !== 'unsupported' && permission !== 'denied',
    );
    const shownName = (username: string) => (isMe(state, username) ? 'You' : displayName(state, username));
    views.channelList.render(
      sortedChannels(state).map((channel) => ({
        channel,
        title: channelTitle(state, channel),
        // A room's bare name: its `#` avatar stands beside it, and the hidden text reads ", room".
        label: channel.kind === 'room' ? channel.name : this.label(channel),
        open: channel.id === state.openChannelId,
        muted: isMuted(state, channel.id),
        online: channel.kind === 'direct' ? (userOf(state, channel.name)?.online ?? false) : undefined,
        typing: typingIn(state, channel.id).length > 0,
        preview: previewOf(channel, shownName),
      })),
    );
    // Each person once: whoever has a direct conversation is listed with it, under Conversations.
    const others = sortedUsers(state);
    const listed = others.filter((user) => !directWith(state, user.username));
    views.userList.render(listed, now);
    views.emptyStates.renderPeople(emptyPeople(state, others.length, listed.length));
    views.userSearch.refresh((username) => userOf(state, username));
    this.renderConversation(now, ownMessage);
    views.rooms.render(openChannel(state), state.channels);
  }

  /** A conversation's name: a person's for a direct channel (nickname beside username), else its title. */
  private label(channel: Channel): Label {
    return channel.kind === 'direct' ? nameOf(this.state, channel.name) : channelTitle(this.state, channel);
  }

  private renderConversation(now: Date, ownMessage: boolean): void {
    const { state, views } = this;
    const channel = openChannel(state);
    if (!channel) return;
    const timeline = timelineOf(state, channel.id) ?? EMPTY;
    const title = channelTitle(state, channel);
    views.conversation.setHeader(this.label(channel), this.conversationMeta(channel, now), isMuted(state, channel.id));
    views.composer.setPlaceholder(`Message ${title}`);
    views.conversation.render(
      placeMarkers(
        layoutRows(timeline.messages, timeline.pending, state.me.username, now),
        timeline.events,
        state.unreadFrom.get(channel.id),
      ),
      {
        status: timeline.status,
        hasMore: timeline.hasMore,
        loadingOlder: timeline.loadingOlder,
        hasNewer: timeline.hasNewer,
        loadingNewer: timeline.loadingNewer,
      },
      {
        now,
        me: state.me.username,
        nameOf: (username) => nameOf(state, username),
        editing: editingIn(state, channel.id),
        seen: seenMessageId(state, channel.id),
        highlighted: highlightedIn(state, channel.id),
        canChange: (message) => canChange(state, message),
        current: (messageId) => messageIn(state, channel.id, messageId),
      },
      ownMessage,
    );
    const replying = replyTarget(state, channel.id);
    views.replyBar.render(
      replying && {
        name: nameOf(state, replying.from),
        text: replying.deleted ? DELETED_TEXT : firstLine(replying.text),
      },
    );
    views.conversation.setTyping(typingLine(typingIn(state, channel.id).map((name) => nameOf(state, name))));
    const empty = timeline.status === 'ready' && timeline.messages.length === 0 && timeline.pending.length === 0;
    views.emptyStates.renderIntro(empty ? this.intro(channel) : undefined);
  }

  /** What an empty conversation says: who it is with, or, alone on the site, whom to invite. */
  private intro(channel: Channel): ConversationIntro {
    const { state } = this;
    if (channel.kind === 'direct') return { kind: 'direct', name: nameOf(state, channel.name) };
    if (channel.kind === 'room') return { kind: 'room', name: channel.name, private: channel.private === true };
    return !state.largeSite && sortedUsers(state).length === 0 ? { kind: 'alone' } : { kind: 'everyone' };
  }

  private conversationMeta(channel: Channel, now: Date): string {
    const { state } = this;
    if (channel.kind === 'everyone') {
      // A large site's page knows only part of the people: a count of them would be wrong.
      if (state.largeSite) return 'Everyone who has signed up';
      const online = [...state.users.values()].filter((user) => user.online).length;
      return `Everyone who has signed up · ${online} online`;
    }
    if (channel.kind === 'direct') {
      const user = userOf(state, channel.name);
      if (!user) return 'Direct conversation';
      if (user.online) return 'Online';
      const lastSeen = parseTimestamp(user.lastSeen);
      return lastSeen ? `Offline · last seen ${formatLastSeen(lastSeen, now)}` : 'Offline';
    }
    const online = (channel.members ?? []).filter((name) => userOf(state, name)?.online).length;
    return describeRoom(channel, online);
  }
}

/**
 * What the People list says when it shows nobody. Known once the conversations are listed (the
 * users came first, on connecting). A large site's page is told of few people: it points to the
 * search, and nobody there is "alone".
 */
function emptyPeople(state: ReadonlyChatState, others: number, listed: number): 'alone' | 'search' | undefined {
  if (state.channels.size === 0) return undefined;
  if (state.largeSite) return listed === 0 ? 'search' : undefined;
  return others === 0 ? 'alone' : undefined;
}

/** What an open conversation not loaded yet shows: nothing, and the loading state to come. */
const EMPTY: TimelineView = new Timeline('');

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
