/**
 * Fetches history into timelines with `chatHistory`: the latest page when a conversation is first
 * opened, older pages as the reader scrolls up, and after a reconnect everything newer than the
 * last message held, page after page, so nothing is missing and nothing is doubled.
 */
import type { Channel, Message } from '../shared/types';
import { LIMITS } from '../shared/limits';
import type { Connection, Reply } from './connection';
import { timelineOf } from './store/selectors';
import type { Store } from './store/store';
import { describeError } from './errors';

/** An error to show the user, or undefined on success. */
export type LoadError = string | undefined;

export class HistoryLoader {
  constructor(
    private readonly connection: Connection,
    private readonly store: Store,
  ) {}

  /** The latest page of a conversation not loaded yet. */
  async loadLatest(channelId: string): Promise<LoadError> {
    const status = timelineOf(this.store.state, channelId)?.status ?? 'empty';
    if (status !== 'empty') return undefined;
    this.store.dispatch({ type: 'historyRequested', channelId });
    const reply = await this.connection.request('chatHistory', { channelId });
    if (!reply.ok) {
      this.store.dispatch({ type: 'historyReset', channelId });
      return describeError('history', reply.error.code);
    }
    this.store.dispatch({ type: 'historyLoaded', channel: reply.channel, messages: reply.messages, hasMore: reply.hasMore });
    return undefined;
  }

  /** Finds or creates the direct channel with `username` and loads its latest page. */
  async openWith(username: string): Promise<Channel | string> {
    const reply = await this.connection.request('chatHistory', { with: username });
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
    const reply = await this.connection.request('chatHistory', { channelId, before, limit: LIMITS.historyDefault });
    if (reply.ok) this.store.dispatch({ type: 'olderLoaded', channelId, messages: reply.messages, hasMore: reply.hasMore });
    else this.store.dispatch({ type: 'olderFailed', channelId });
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
      const last: Message | undefined = reply.messages[reply.messages.length - 1];
      if (!reply.hasMore || !last) return undefined;
      after = last.id;
    }
  }
}
