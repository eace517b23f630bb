/**
 * Everything that changes what the page knows, as one typed union: server events, acks, and what
 * the user did. Modules dispatch these; only the reducer turns them into state. A new feature adds
 * its actions here, a case in reducer.ts, and reads the result through selectors.ts.
 */
import type { Channel, Message, ReadReceipt, RoomEvent, User } from '../../shared/types';
import type { Preferences } from '../preferences';
import type { Outgoing } from '../timeline';

export type Action =
  // Users: the snapshot at connect (`updateUsers`), one user's change (`userStatus`, `/nick` ack).
  | { type: 'usersLoaded'; users: readonly User[] }
  | { type: 'userUpdated'; user: User }
  // The page now watches these usernames (`watchPresence` ack: `users` are those that exist, as they are now).
  | { type: 'presenceWatched'; usernames: readonly string[]; users: readonly User[] }
  // Channels: the list (`channels` ack), a pushed change (`channelUpdate`), rooms joined or left here.
  | { type: 'channelsLoaded'; channels: readonly Channel[] }
  | { type: 'channelUpdated'; channel: Channel }
  | { type: 'roomJoined'; channel: Channel }
  | { type: 'roomLeft'; channelId: string }
  | { type: 'channelOpened'; channelId: string }
  | { type: 'unreadCleared'; channelId: string }
  // The user has now seen the open conversation up to this message (read-marker.ts): unread follows.
  | { type: 'readUpTo'; channelId: string; messageId: string }
  // Messages: a stored one, pushed (`chatMessage`) or acked. `reading`: the user saw it arrive.
  | { type: 'messageReceived'; message: Message; reading: boolean }
  // A message as it is now after an edit, a delete or a reaction (`messageUpdated`, or the action's ack).
  | { type: 'messageUpdated'; message: Message }
  // The other member of a direct channel read up to a message (`readReceipt`).
  | { type: 'readReceiptReceived'; receipt: ReadReceipt }
  // Message actions on this page: editing one in place, replying to one, a message brought into view.
  | { type: 'editStarted'; channelId: string; messageId: string }
  | { type: 'editEnded' }
  | { type: 'replyStarted'; channelId: string; messageId: string }
  | { type: 'replyCancelled'; channelId: string }
  | { type: 'messageHighlighted'; channelId: string; messageId: string | undefined }
  // History (`chatHistory`): the latest page, older pages, pages after a reconnect.
  | { type: 'historyRequested'; channelId: string }
  | { type: 'historyLoaded'; channel: Channel; messages: readonly Message[]; hasMore: boolean }
  | { type: 'historyReset'; channelId: string }
  | { type: 'directLoaded'; channel: Channel; messages: readonly Message[]; hasMore: boolean }
  | { type: 'olderRequested'; channelId: string }
  | { type: 'olderLoaded'; channelId: string; messages: readonly Message[]; hasMore: boolean }
  | { type: 'olderFailed'; channelId: string }
  | { type: 'newerLoaded'; channelId: string; messages: readonly Message[] }
  // A window of older history around one message (message-jump.ts), and its newer pages.
  | { type: 'windowLoaded'; channel: Channel; messages: readonly Message[]; hasMore: boolean; hasNewer: boolean }
  | { type: 'newerPageRequested'; channelId: string }
  | { type: 'newerPageLoaded'; channelId: string; messages: readonly Message[]; hasNewer: boolean }
  | { type: 'newerPageFailed'; channelId: string }
  // Room events (joins, invitations, leaves): with a page of history (`events`), or live (`roomEvent`).
  | { type: 'roomEventsLoaded'; channelId: string; events: readonly RoomEvent[] }
  | { type: 'roomEventReceived'; event: RoomEvent }
  // The outbox: a message typed, being sent, waiting, refused, confirmed, or discarded.
  | { type: 'outboxAdded'; channelId: string; outgoing: Outgoing }
  | { type: 'outboxSending'; channelId: string; clientId: string }
  | { type: 'outboxQueued'; channelId: string; clientId: string }
  | { type: 'outboxFailed'; channelId: string; clientId: string; error: string }
  | { type: 'outboxAcked'; channelId: string; clientId: string }
  | { type: 'outboxDiscarded'; channelId: string; clientId: string }
  // Typing notices (`typing` / `doneTyping`, or their fallback timeout).
  | { type: 'typingChanged'; channelId: string; username: string; typing: boolean }
  // The user's preferences (sound, notifications, muted conversations).
  | { type: 'preferencesChanged'; preferences: Preferences }
  // Nothing in the state changes, but the page looks different: relative times age, the tab was
  // shown or hidden, the connection changed.
  | { type: 'pageChanged' };

export type ActionType = Action['type'];
