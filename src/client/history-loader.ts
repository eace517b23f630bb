/**
 * Fetches history into timelines with `chatHistory`: the latest page when a conversation is first
 * opened, older pages as the reader scrolls up, and after a reconnect everything newer than the
 * last message held, page after page, so nothing is missing and nothing is doubled.
 */
import type { Channel, Message } from '../shared/types';
import { LIMITS } from '../shared/limits';
import type { Connection, Reply } from './connection';
import type { ChatState } from './state';

/** An error to show the user, or undefined on success. */
export type LoadError = string | undefined;

export class HistoryLoader {
  constructor(
    private readonly connection: Connection,
    private readonly state: ChatState,
    private readonly changed: (channelId: string) => void,
  ) {}

  /** The latest page of a conversation not loaded yet. */
  async loadLatest(channelId: string): Promise<LoadError> {
    const timeline = this.state.timeline(channelId);
    if (timeline.status !== 'empty') return undefined;
    timeline.status = 'loading';
    this.changed(channelId);
    const reply = await this.connection.request('chatHistory', { channelId });
    if (!reply.ok) {
      timeline.reset();
      this.changed(channelId);
      return reply.error.message;
    }
    this.settle(reply.channel, reply.messages, reply.hasMore);
    return undefined;
  }

  /** Finds or creates the direct channel with `username` and loads its latest page. */
  async openWith(username: string): Promise<Channel | string> {
    const reply = await this.connection.request('chatHistory', { with: username });
    if (!reply.ok) return reply.error.message;
    const timeline = this.state.timeline(reply.channel.id);
    if (timeline.status === 'ready') {
      timeline.addPage(reply.messages);
      this.state.upsertChannel(reply.channel);
    } else {
      this.settle(reply.channel, reply.messages, reply.hasMore);
    }
    return reply.channel;
  }

  /** The page just older than the oldest message held. */
  async loadOlder(channelId: string): Promise<LoadError> {
    const timeline = this.state.timeline(channelId);
    const before = timeline.oldestId;
    if (timeline.status !== 'ready' || !timeline.hasMore || timeline.loadingOlder || !before) return undefined;
    timeline.loadingOlder = true;
    this.changed(channelId);
    const reply = await this.connection.request('chatHistory', { channelId, before, limit: LIMITS.historyDefault });
    timeline.loadingOlder = false;
    if (reply.ok) {
      timeline.addPage(reply.messages);
      timeline.hasMore = reply.hasMore;
    }
    this.changed(channelId);
    return reply.ok ? undefined : reply.error.message;
  }

  /**
   * After a reconnect: every message newer than the newest one held before it. The cursor follows
   * the pages, not the timeline, so live messages arriving meanwhile cannot make it skip a gap.
   */
  async catchUp(channelId: string): Promise<LoadError> {
    const timeline = this.state.timeline(channelId);
    if (timeline.status !== 'ready') return undefined;
    let after: string | undefined = timeline.newestId;
    if (after === undefined) {
      timeline.reset();
      return this.loadLatest(channelId);
    }
    for (;;) {
      const reply: Reply<'chatHistory'> = await this.connection.request('chatHistory', {
        channelId,
        after,
        limit: LIMITS.historyMax,
      });
      if (!reply.ok) {
        if (reply.error.code === 'forbidden' || reply.error.code === 'not_found') timeline.reset();
        this.changed(channelId);
        return reply.error.message;
      }
      timeline.addPage(reply.messages);
      for (const message of reply.messages) this.state.noteLastMessage(message);
      this.changed(channelId);
      const last: Message | undefined = reply.messages[reply.messages.length - 1];
      if (!reply.hasMore || !last) return undefined;
      after = last.id;
    }
  }

  private settle(channel: Channel, messages: readonly Message[], hasMore: boolean): void {
    this.state.upsertChannel(channel);
    const timeline = this.state.timeline(channel.id);
    if (timeline.status === 'empty') timeline.status = 'loading';
    for (const message of messages) timeline.add(message);
    timeline.hasMore = hasMore;
    timeline.status = 'ready';
    this.changed(channel.id);
  }
}
