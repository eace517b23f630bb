/**
 * What the page knows: users, channels with unread counts, one timeline per channel, who is
 * typing where, which conversation is open and the user's preferences. Plain data: only the
 * reducer (reducer.ts) writes it; everything else reads it through `ReadonlyChatState` and the
 * selectors (selectors.ts).
 */
import type { Channel, User } from '../../shared/types';
import type { Preferences } from '../preferences';
import type { Timeline, TimelineView } from '../timeline';

export type ChatState = {
  me: User;
  /**
   * More than 500 people (the page says so on loading): `users` holds only those the page was
   * told of, so nothing counts or lists "everyone" from it.
   */
  largeSite: boolean;
  /** Lower-cased username → user. I am always in it. */
  users: Map<string, User>;
  /**
   * Whose presence the server tells this page unasked (`updateUsers`, then `userStatus` of people
   * not watched): everyone on a small site; partners and room co-members on a large one.
   */
  circle: Set<string>;
  /** Whose presence this page watches now (`watchPresence`, presence-watch.ts). */
  watching: Set<string>;
  channels: Map<string, Channel>;
  timelines: Map<string, Timeline>;
  /** channelId → usernames typing there. */
  typing: Map<string, Set<string>>;
  /** When a channel without messages was opened here, so it sorts as recent activity. */
  touched: Map<string, string>;
  openChannelId: string | undefined;
  preferences: Preferences;
  /** The message being edited in place, if any (one at a time). */
  editing: MessageRef | undefined;
  /** channelId → the message the next one sent there replies to. */
  replyingTo: Map<string, string>;
  /** A message just jumped to (a search result, a reply's quote: message-jump.ts), highlighted for a moment. */
  highlighted: MessageRef | undefined;
  /**
   * channelId → the first message that was unread when the conversation was opened (or that
   * arrived unseen while it was open): the `New messages` divider goes above it.
   */
  unreadFrom: Map<string, string>;
};

export type MessageRef = { channelId: string; messageId: string };

/** The state as every module but the reducer sees it. */
export type ReadonlyChatState = {
  readonly me: User;
  readonly largeSite: boolean;
  readonly users: ReadonlyMap<string, User>;
  readonly circle: ReadonlySet<string>;
  readonly watching: ReadonlySet<string>;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly timelines: ReadonlyMap<string, TimelineView>;
  readonly typing: ReadonlyMap<string, ReadonlySet<string>>;
  readonly touched: ReadonlyMap<string, string>;
  readonly openChannelId: string | undefined;
  readonly preferences: Readonly<Preferences>;
  readonly editing: Readonly<MessageRef> | undefined;
  readonly replyingTo: ReadonlyMap<string, string>;
  readonly highlighted: Readonly<MessageRef> | undefined;
  readonly unreadFrom: ReadonlyMap<string, string>;
};

export const DEFAULT_PREFERENCES: Preferences = { sound: true, notifications: false, muted: [] };

export function createState(me: User, preferences: Preferences = DEFAULT_PREFERENCES, largeSite = false): ChatState {
  return {
    me,
    largeSite,
    users: new Map([[userKey(me.username), me]]),
    circle: new Set(),
    watching: new Set(),
    channels: new Map(),
    timelines: new Map(),
    typing: new Map(),
    touched: new Map(),
    openChannelId: undefined,
    preferences,
    editing: undefined,
    replyingTo: new Map(),
    highlighted: undefined,
    unreadFrom: new Map(),
  };
}

/** Usernames are unique ignoring case. */
export function userKey(username: string): string {
  return username.toLowerCase();
}
