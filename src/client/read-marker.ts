/**
 * Moves the user's read position (`markRead`) as messages are actually shown: to the newest message
 * on screen (SeenTracker) while the tab is visible, so opening a conversation at its first unread
 * message marks read only what fits on the screen, and the rest as the reader scrolls to it. It only
 * ever sends a newer id than it sent before for that channel, so the position never goes back.
 * `markAllRead` is the unread bar's "Mark as read".
 */
import type { Connection } from './connection';
import { isNewer } from './message-order';
import { openChannel, timelineOf } from './store/selectors';
import type { Store } from './store/store';

export class ReadMarker {
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly store: Store,
    /** The newest message of the open conversation on screen now. */
    private readonly newestShown: () => string | undefined,
  ) {}

  /** Call whenever the open conversation, its rows on screen or the tab's visibility change. */
  update(): void {
    const channel = openChannel(this.store.state);
    if (!channel || document.visibilityState !== 'visible') return;
    const shown = this.newestShown();
    if (shown === undefined || !timelineOf(this.store.state, channel.id)?.has(shown)) return;
    // Once per newer message shown: this runs after every render, and the dispatch renders again.
    if (!isNewer(shown, this.sent.get(channel.id))) return;
    if (channel.unread !== 0 || channel.mentions > 0)
      this.store.dispatch({ type: 'readUpTo', channelId: channel.id, messageId: shown });
    this.send(channel.id, shown);
  }

  /** Everything in the open conversation counts as read, seen or not. */
  markAllRead(): void {
    const channel = openChannel(this.store.state);
    if (!channel) return;
    const timeline = timelineOf(this.store.state, channel.id);
    const held = timeline && !timeline.hasNewer ? timeline.newestId : undefined;
    const last = channel.lastMessage?.id;
    const latest = held === undefined || (last !== undefined && isNewer(last, held)) ? last : held;
    this.store.dispatch({ type: 'unreadCleared', channelId: channel.id });
    if (latest !== undefined) this.send(channel.id, latest);
  }

  private send(channelId: string, messageId: string): void {
    if (!isNewer(messageId, this.sent.get(channelId))) return;
    this.sent.set(channelId, messageId);
    void this.connection.request('markRead', { channelId, messageId }).then((reply) => {
      // Allow a later attempt when this one did not arrive; the server never moves back anyway.
      if (!reply.ok && this.sent.get(channelId) === messageId) this.sent.delete(channelId);
    });
  }
}
