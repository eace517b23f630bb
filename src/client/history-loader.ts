/**
 * Fetches history into timelines with `chatHistory`: the latest messages when a conversation is
 * first opened (reaching back to its first unread message, page after page), older pages as the
 * reader scrolls up, and after a reconnect everything newer than the last message held, page after
 * page, so nothing is missing and nothing is doubled. Pages are of 50 (the most the server gives),
 * and a room's pages bring its room events (`events`) along.
 */
import type { Channel, Message, RoomEvent } from '../shared/types';
import { LIMITS } from '../shared/limits';
import type { Connection, Reply } from './connection';
import { timelineOf } from './store/selectors';
import type { Store } from './store/store';
import { reachesUnread } from './store/unread';
import { describeError } from './errors';

/** An error to show the user, or undefined on success. */
export type LoadError = string | undefined;

/** Messages in one page of history: the most the server gives. */
export const PAGE_SIZE = LIMITS.historyMax;
/** Opening a conversation reads back at most this many pages for its first unread message. */
export const MAX_UNREAD_PAGES = 20;

export class HistoryLoader {
  constructor(
    private readonly connection: Connection,
    private readonly store: Store,
  ) {}

  /**
   * The latest messages of a conversation not loaded yet: the latest page, and older ones until
   * they reach its first unread message (at most MAX_UNREAD_PAGES), shown together.
   */
  async loadLatest(channelId: string): Promise<LoadError> {
    const status = timelineOf(this.store.state, channelId)?.status ?? 'empty';
    if (status !== 'empty') return undefined;
    this.store.dispatch({ type: 'historyRequested', channelId });
    let reply: Reply<'chatHistory'> = await this.connection.request('chatHistory', { channelId, limit: PAGE_SIZE });
    if (!reply.ok) {
      this.store.dispatch({ type: 'historyReset', channelId });
      return describeError('history', reply.error.code);
    }
    const { channel } = reply;
    const me = this.store.state.me.username;
    let messages: Message[] = reply.messages;
    const events: RoomEvent[] = [...(reply.events ?? [])];
    let hasMore = reply.hasMore;
    for (let pages = 1; pages < MAX_UNREAD_PAGES; pages++) {
      const held = { status: 'ready' as const, messages, hasMore, hasNewer: false };
      const before = messages[0]?.id;
      if (reachesUnread(held, channel.unread, me) || before === undefined) break;
      reply = await this.connection.request('chatHistory', { channelId, before, limit: PAGE_SIZE });
      // What is held is shown; scrolling up asks for the rest again.
      if (!reply.ok) break;
      messages = [...reply.messages, ...messages];
      events.push(...(reply.events ?? []));
      hasMore = reply.hasMore;
    }
    this.store.dispatch({ type: 'historyLoaded', channel, messages, hasMore });
    this.eventsLoaded(channelId, events);
    return undefined;
  }

  private eventsLoaded(channelId: string, events: readonly RoomEvent[] | undefined): void {
    if (events && events.length > 0) this.store.dispatch({ type: 'roomEventsLoaded', channelId, events });
  }

  /** Finds or creates the direct channel with `username` and loads its latest page. */
  async openWith(username: string): Promise<Channel | string> {
    const reply = await this.connection.request('chatHistory', { with: username, limit: PAGE_SIZE });
    if (!reply.ok) return describeError('openDirect', reply.error.code);
    this.store.dispatch({ type: 'directLoaded', channel: reply.channel, messages: reply.messages, hasMore: reply.hasMore });
    return reply.channel;
  }

  /** The page just older than the oldest message held. */
  async loadOlder(channelId: string): Promise<LoadError> {
    const timeline = timelineOf(this.store.state, channelId);
    const before = timeline?.oldestId;
    if (timeline?.status !== 'ready' || !timeline.hasMore || timeline.loadingOlder || !before) return undefined;
    this.store.dispatch({ type: 'olderRequested', channelId });
    const reply = await this.connection.request('chatHistory', { channelId, before, limit: PAGE_SIZE });
    if (reply.ok) {
      this.store.dispatch({ type: 'olderLoaded', channelId, messages: reply.messages, hasMore: reply.hasMore });
      this.eventsLoaded(channelId, reply.events);
    } else this.store.dispatch({ type: 'olderFailed', channelId });
    return reply.ok ? undefined : describeError('olderHistory', reply.error.code);
  }

  /**
   * After a reconnect: every message newer than the newest one held before it. The cursor follows
   * the pages, not the timeline, so live messages arriving meanwhile cannot make it skip a gap.
   */
  async catchUp(channelId: string): Promise<LoadError> {
    const timeline = timelineOf(this.store.state, channelId);
    if (timeline?.status !== 'ready') return undefined;
    let after: string | undefined = timeline.newestId;
    if (after === undefined) {
      this.store.dispatch({ type: 'historyReset', channelId });
      return this.loadLatest(channelId);
    }
    for (;;) {
      const reply: Reply<'chatHistory'> = await this.connection.request('chatHistory', {
        channelId,
        after,
        limit: LIMITS.historyMax,
      });
      if (!reply.ok) {
        if (reply.error.code === 'forbidden' || reply.error.code === 'not_found') {
          this.store.dispatch({ type: 'historyReset', channelId });
        }
        return describeError('history', reply.error.code);
      }
      this.store.dispatch({ type: 'newerLoaded', channelId, messages: reply.messages });
      this.eventsLoaded(channelId, reply.events);
      const last: Message | undefined = reply.messages[reply.messages.length - 1];
      if (!reply.hasMore || !last) return undefined;
      after = last.id;
    }
  }
}
