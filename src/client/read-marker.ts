/**
 * Moves the user's read position (`markRead`) to the newest message of the open conversation
 * while it is really being read: the tab is visible and the list is scrolled to the end. It only
 * ever sends a newer id than it sent before for that channel, so the position never goes back.
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
    private readonly isReading: () => boolean,
  ) {}

  /** Call whenever the open conversation, its messages, the scroll position or visibility change. */
  update(): void {
    const channel = openChannel(this.store.state);
    if (!channel || !this.isReading()) return;
    const timeline = timelineOf(this.store.state, channel.id);
    const newest = timeline?.status === 'ready' ? timeline.newestId : undefined;
    if (!newest) return;
    if (channel.unread !== 0 || channel.mentions > 0) this.store.dispatch({ type: 'unreadCleared', channelId: channel.id });
    if (!isNewer(newest, this.sent.get(channel.id))) return;
    this.sent.set(channel.id, newest);
    void this.connection.request('markRead', { channelId: channel.id, messageId: newest }).then((reply) => {
      // Allow a later attempt when this one did not arrive; the server never moves back anyway.
      if (!reply.ok && this.sent.get(channel.id) === newest) this.sent.delete(channel.id);
    });
  }
}
