/**
 * The one place the state changes: `reduce(state, action)` applies an action and returns the
 * state. It changes the state in place (maps and timelines are large and change a little at a
 * time), reads no clock but `now`, and has no other effect: requests, alerts and rendering are
 * the dispatching modules' and the store subscriber's business.
 */
import type { Channel, Message, ReadReceipt, User } from '../../shared/types';
import { isNewer } from '../message-order';
import { Timeline } from '../timeline';
import type { Action } from './actions';
import { mentionCountChange } from './mention-count';
import { isMe, isUnseenMessage, leavesMe, mentionsMe } from './selectors';
import { userKey, type ChatState } from './state';
import { firstUnreadId, unreadAfter } from './unread';

export function reduce(state: ChatState, action: Action, now: Date = new Date()): ChatState {
  switch (action.type) {
    case 'usersLoaded':
      setUsers(state, action.users);
      break;
    case 'userUpdated':
      userUpdated(state, action.user);
      break;
    case 'presenceWatched':
      state.watching = new Set(action.usernames.map(userKey));
      for (const user of action.users) state.users.set(userKey(user.username), user);
      break;
    case 'channelsLoaded':
      setChannels(state, action.channels);
      break;
    case 'channelUpdated':
      channelUpdated(state, action.channel, now);
      break;
    case 'roomJoined':
      upsertChannel(state, action.channel);
      touch(state, action.channel.id, now);
      break;
    case 'roomLeft':
      removeChannel(state, action.channelId);
      break;
    case 'channelOpened':
      // A conversation opened anew starts at its first unread message, under the divider.
      if (state.openChannelId !== action.channelId) placeDivider(state, action.channelId);
      state.openChannelId = action.channelId;
      // An edit left open in another conversation is abandoned (its editor would grab focus later).
      if (state.editing?.channelId !== action.channelId) state.editing = undefined;
      break;
    case 'unreadCleared':
      clearUnread(state, action.channelId);
      break;
    case 'readUpTo':
      readUpTo(state, action.channelId, action.messageId);
      break;
    case 'messageReceived':
      messageReceived(state, action.message, action.reading);
      break;
    case 'messageUpdated':
      messageUpdated(state, action.message);
      break;
    case 'readReceiptReceived':
      readReceiptReceived(state, action.receipt);
      break;
    case 'editStarted':
      state.editing = { channelId: action.channelId, messageId: action.messageId };
      break;
    case 'editEnded':
      state.editing = undefined;
      break;
    case 'replyStarted':
      state.replyingTo.set(action.channelId, action.messageId);
      break;
    case 'replyCancelled':
      state.replyingTo.delete(action.channelId);
      break;
    case 'messageHighlighted':
      state.highlighted =
        action.messageId === undefined ? undefined : { channelId: action.channelId, messageId: action.messageId };
      break;
    case 'historyRequested':
      timeline(state, action.channelId).status = 'loading';
      break;
    case 'historyLoaded':
      settle(state, action.channel, action.messages, action.hasMore);
      if (state.openChannelId === action.channel.id) placeDivider(state, action.channel.id);
      break;
    case 'historyReset':
      state.timelines.get(action.channelId)?.reset();
      state.unreadFrom.delete(action.channelId);
      break;
    case 'directLoaded': {
      const current = timeline(state, action.channel.id);
      if (current.status === 'ready') {
        current.addPage(action.messages);
        upsertChannel(state, action.channel);
      } else {
        settle(state, action.channel, action.messages, action.hasMore);
      }
      touch(state, action.channel.id, now);
      break;
    }
    case 'olderRequested':
      timeline(state, action.channelId).loadingOlder = true;
      break;
    case 'olderLoaded': {
      // A page for a channel dropped meanwhile (a room left) has nowhere to go.
      const current = state.timelines.get(action.channelId);
      if (!current) break;
      current.loadingOlder = false;
      current.addPage(action.messages);
      current.hasMore = action.hasMore;
      break;
    }
    case 'olderFailed': {
      const current = state.timelines.get(action.channelId);
      if (current) current.loadingOlder = false;
      break;
    }
    case 'newerLoaded':
      state.timelines.get(action.channelId)?.addPage(action.messages);
      for (const message of action.messages) noteLastMessage(state, message);
      break;
    case 'windowLoaded':
      upsertChannel(state, action.channel);
      timeline(state, action.channel.id).showWindow(action.messages, action.hasMore, action.hasNewer);
      break;
    case 'newerPageRequested': {
      const current = state.timelines.get(action.channelId);
      if (current) current.loadingNewer = true;
      break;
    }
    case 'newerPageLoaded':
      state.timelines.get(action.channelId)?.addNewerPage(action.messages, action.hasNewer);
      break;
    case 'newerPageFailed': {
      const current = state.timelines.get(action.channelId);
      if (current) current.loadingNewer = false;
      break;
    }
    case 'roomEventsLoaded':
      state.timelines.get(action.channelId)?.addEvents(action.events);
      break;
    case 'roomEventReceived':
      state.timelines.get(action.event.channelId)?.addEvents([action.event], true);
      break;
    case 'outboxAdded':
      timeline(state, action.channelId).addOutgoing(action.outgoing);
      // Writing in a conversation is having caught up with it.
      state.unreadFrom.delete(action.channelId);
      break;
    case 'outboxSending':
      state.timelines.get(action.channelId)?.updateOutgoing(action.clientId, { state: 'sending' });
      break;
    case 'outboxQueued':
      state.timelines.get(action.channelId)?.updateOutgoing(action.clientId, { state: 'queued' });
      break;
    case 'outboxFailed':
      state.timelines.get(action.channelId)?.updateOutgoing(action.clientId, { state: 'failed', error: action.error });
      break;
    case 'outboxAcked':
    case 'outboxDiscarded':
      state.timelines.get(action.channelId)?.removeOutgoing(action.clientId);
      break;
    case 'typingChanged':
      setTyping(state, action.channelId, action.username, action.typing);
      break;
    case 'preferencesChanged':
      state.preferences = action.preferences;
      break;
    case 'pageChanged':
      break;
  }
  return state;
}

/** Replaces the user list (the snapshot sent at connect); I stay in it whatever it says. */
function setUsers(state: ChatState, users: readonly User[]): void {
  const me = userKey(state.me.username);
  state.users.clear();
  state.circle.clear();
  for (const user of users) {
    state.users.set(userKey(user.username), user);
    state.circle.add(userKey(user.username));
  }
  if (!state.users.has(me)) state.users.set(me, state.me);
  state.me = state.users.get(me) ?? state.me;
}

/** A pushed change (or my own nickname): someone not watched joins the circle the server tells me about. */
function userUpdated(state: ChatState, user: User): void {
  const key = userKey(user.username);
  state.users.set(key, user);
  if (!state.watching.has(key)) state.circle.add(key);
  if (isMe(state, user.username)) state.me = user;
}

function timeline(state: ChatState, channelId: string): Timeline {
  let found = state.timelines.get(channelId);
  if (!found) {
    found = new Timeline(channelId);
    state.timelines.set(channelId, found);
  }
  return found;
}

/** Replaces the channel list; channels missing from it are dropped (e.g. rooms left elsewhere). */
function setChannels(state: ChatState, channels: readonly Channel[]): void {
  const seen = new Set(channels.map((channel) => channel.id));
  for (const id of [...state.channels.keys()]) if (!seen.has(id)) removeChannel(state, id);
  for (const channel of channels) upsertChannel(state, channel);
}

/** Stores a channel; keeps the newer of the two last messages. */
function upsertChannel(state: ChatState, channel: Channel): void {
  const current = state.channels.get(channel.id);
  const lastMessage = newerMessage(current?.lastMessage, channel.lastMessage);
  state.channels.set(channel.id, { ...channel, ...(lastMessage ? { lastMessage } : {}) });
}

function removeChannel(state: ChatState, channelId: string): void {
  state.channels.delete(channelId);
  state.replyingTo.delete(channelId);
  if (state.editing?.channelId === channelId) state.editing = undefined;
  state.timelines.delete(channelId);
  state.typing.delete(channelId);
  state.unreadFrom.delete(channelId);
}

function touch(state: ChatState, channelId: string, now: Date): void {
  if (!state.touched.has(channelId)) state.touched.set(channelId, now.toISOString());
}

/** A room left elsewhere goes; a room that appeared (created, joined, invited) sorts as recent. */
function channelUpdated(state: ChatState, channel: Channel, now: Date): void {
  if (leavesMe(state, channel)) {
    removeChannel(state, channel.id);
    return;
  }
  const appeared = channel.kind === 'room' && !state.channels.has(channel.id);
  upsertChannel(state, channel);
  if (appeared) touch(state, channel.id, now);
}

/**
 * Duplicates change nothing; a new message from someone else counts as unread unless it was seen
 * arriving, and as an unread mention too when it mentions me. A new one of mine (from any tab, or
 * sent privately from another conversation) moved my read position to it: nothing there is unread.
 */
function messageReceived(state: ChatState, message: Message, reading: boolean): void {
  const unseen = isUnseenMessage(state, message);
  state.timelines.get(message.channelId)?.add(message);
  noteLastMessage(state, message);
  setTyping(state, message.channelId, message.from, false);
  const channel = state.channels.get(message.channelId);
  if (!unseen || !channel) return;
  if (isMe(state, message.from)) {
    clearUnread(state, channel.id);
    return;
  }
  if (reading) return;
  setUnread(state, channel.id, channel.unread + 1);
  if (mentionsMe(state, message)) setMentions(state, channel.id, (channel.mentions ?? 0) + 1);
  // Arriving unseen in the open conversation: the divider marks where the new ones start.
  const held = state.timelines.get(channel.id)?.has(message.id) ?? false;
  if (state.openChannelId === channel.id && held && !state.unreadFrom.has(channel.id)) {
    state.unreadFrom.set(channel.id, message.id);
  }
}

/** Sets (or clears) the divider from the channel's unread count, when its timeline holds the latest messages. */
function placeDivider(state: ChatState, channelId: string): void {
  const channel = state.channels.get(channelId);
  const current = state.timelines.get(channelId);
  const first = channel && current ? firstUnreadId(current, channel.unread, state.me.username) : undefined;
  if (first === undefined) state.unreadFrom.delete(channelId);
  else state.unreadFrom.set(channelId, first);
}

/**
 * The user has seen the open conversation up to `messageId`: what is unread is what is held after
 * it (never more than before; the server's `channelUpdate` follows with its own count).
 */
function readUpTo(state: ChatState, channelId: string, messageId: string): void {
  const channel = state.channels.get(channelId);
  const current = state.timelines.get(channelId);
  if (!channel || !current || current.status !== 'ready' || current.hasNewer) return;
  const left = unreadAfter(current, messageId, state.me.username, (message) => mentionsMe(state, message));
  if (left.unread < channel.unread) setUnread(state, channelId, left.unread);
  if (left.mentions < channel.mentions) setMentions(state, channelId, left.mentions);
}

/**
 * Puts the message as it is now in place of the copy held, in its timeline and as a channel's
 * latest; an unread message that gained or lost its mention of me counts in `mentions`.
 */
function messageUpdated(state: ChatState, message: Message): void {
  const mentions = mentionCountChange(state, message);
  state.timelines.get(message.channelId)?.replace(message);
  if (message.deleted) forgetActionsOn(state, message.channelId, message.id);
  const channel = state.channels.get(message.channelId);
  if (!channel) return;
  if (channel.lastMessage?.id === message.id) state.channels.set(channel.id, { ...channel, lastMessage: message });
  if (mentions) setMentions(state, channel.id, channel.mentions + mentions);
}

/** A deleted message can no longer be edited nor replied to: an edit or a reply under way ends. */
function forgetActionsOn(state: ChatState, channelId: string, messageId: string): void {
  if (state.editing?.channelId === channelId && state.editing.messageId === messageId) state.editing = undefined;
  if (state.replyingTo.get(channelId) === messageId) state.replyingTo.delete(channelId);
}

/** In a direct channel, the other member's read position only moves forward. */
function readReceiptReceived(state: ChatState, receipt: ReadReceipt): void {
  const channel = state.channels.get(receipt.channelId);
  if (!channel || channel.kind !== 'direct' || isMe(state, receipt.username)) return;
  if (channel.readUpTo && !isNewer(receipt.messageId, channel.readUpTo)) return;
  state.channels.set(channel.id, { ...channel, readUpTo: receipt.messageId });
}

/** Records a message as the channel's latest when it is. */
function noteLastMessage(state: ChatState, message: Message): void {
  const channel = state.channels.get(message.channelId);
  if (!channel) return;
  if (channel.lastMessage && !isNewer(message.id, channel.lastMessage.id)) return;
  state.channels.set(channel.id, { ...channel, lastMessage: message });
}

/** Nothing unread, so no unread mention either. */
function clearUnread(state: ChatState, channelId: string): void {
  setUnread(state, channelId, 0);
  setMentions(state, channelId, 0);
}

function setUnread(state: ChatState, channelId: string, unread: number): void {
  const channel = state.channels.get(channelId);
  if (channel) state.channels.set(channelId, { ...channel, unread: Math.max(0, unread) });
}

function setMentions(state: ChatState, channelId: string, mentions: number): void {
  const channel = state.channels.get(channelId);
  if (channel && channel.mentions !== mentions) state.channels.set(channelId, { ...channel, mentions: Math.max(0, mentions) });
}

function setTyping(state: ChatState, channelId: string, username: string, typing: boolean): void {
  let names = state.typing.get(channelId);
  if (typing) {
    if (!names) state.typing.set(channelId, (names = new Set()));
    names.add(username);
  } else {
    names?.delete(username);
  }
}

/** The first page of a conversation arrived: it is ready, merged with what arrived meanwhile. */
function settle(state: ChatState, channel: Channel, messages: readonly Message[], hasMore: boolean): void {
  upsertChannel(state, channel);
  const current = timeline(state, channel.id);
  if (current.status === 'empty') current.status = 'loading';
  for (const message of messages) current.add(message);
  current.hasMore = hasMore;
  current.status = 'ready';
}

function newerMessage(a: Message | undefined, b: Message | undefined): Message | undefined {
  if (!a) return b;
  if (!b) return a;
  return isNewer(b.id, a.id) ? b : a;
}
