/**
 * Sending messages. Each one shows at once as pending in the conversation it was typed in, with a
 * clientId; the ack (or the server's broadcast, whichever comes first) confirms it. Written while
 * offline, it waits and goes out on reconnect; refused or unanswered, it offers Retry, which sends
 * the same clientId again, so the server stores it once however often it is tried.
 */
import type { Attachment, Message } from '../shared/types';
import type { Connection } from './connection';
import { timelineOf } from './store/selectors';
import type { Store } from './store/store';
import type { Outgoing } from './timeline';
import { newClientId } from './uuid';
import { describeError } from './errors';

/** The server stored the message (it may belong to another channel than `fromChannelId`). */
export type Delivered = (message: Message, fromChannelId: string, to: string | undefined) => void;

export class Outbox {
  private flushing = false;

  constructor(
    private readonly connection: Connection,
    private readonly store: Store,
    private readonly delivered: Delivered,
  ) {}

  /**
   * Queues `text` in `channelId`'s timeline. `to` sends it privately to that user instead;
   * `replyTo` quotes a message of the channel; `attachments`: files already uploaded, posted with it.
   */
  send(channelId: string, text: string, extras: { to?: string; replyTo?: string; attachments?: Attachment[] } = {}): void {
    const { to, replyTo, attachments } = extras;
    const clientId = newClientId();
    const state = this.connection.connected ? 'sending' : 'queued';
    const outgoing: Outgoing = {
      clientId,
      text,
      ...(to ? { to } : {}),
      ...(replyTo ? { replyTo } : {}),
      ...(attachments && attachments.length > 0 ? { attachments } : {}),
      state,
      createdAt: new Date(),
    };
    this.store.dispatch({ type: 'outboxAdded', channelId, outgoing });
    if (state === 'sending') void this.deliver(channelId, clientId);
  }

  retry(channelId: string, clientId: string): void {
    void this.deliver(channelId, clientId);
  }

  discard(channelId: string, clientId: string): void {
    this.store.dispatch({ type: 'outboxDiscarded', channelId, clientId });
  }

  /** After a reconnect: sends what waited, oldest first, one at a time to keep their order. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const waiting = [...this.store.state.timelines.values()]
        .flatMap((timeline) => timeline.pending.map((outgoing) => ({ channelId: timeline.channelId, outgoing })))
        .filter(({ outgoing }) => outgoing.state !== 'failed')
        .sort((a, b) => a.outgoing.createdAt.getTime() - b.outgoing.createdAt.getTime());
      for (const { channelId, outgoing } of waiting) {
        if (!this.connection.connected) break;
        await this.deliver(channelId, outgoing.clientId);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async deliver(channelId: string, clientId: string): Promise<void> {
    const outgoing = timelineOf(this.store.state, channelId)?.getOutgoing(clientId);
    if (!outgoing) return;
    if (!this.connection.connected) {
      this.store.dispatch({ type: 'outboxQueued', channelId, clientId });
      return;
    }
    this.store.dispatch({ type: 'outboxSending', channelId, clientId });
    const { text, to, replyTo } = outgoing;
    const files = outgoing.attachments ? { attachments: outgoing.attachments.map((attachment) => attachment.id) } : {};
    const reply = await this.connection.request(
      'chatMessage',
      to !== undefined
        ? { to, text, clientId, ...files }
        : { channelId, text, clientId, ...(replyTo ? { replyTo } : {}), ...files },
    );
    if (reply.ok) {
      this.store.dispatch({ type: 'outboxAcked', channelId, clientId });
      this.delivered(reply.message, channelId, to);
    } else if (!timelineOf(this.store.state, channelId)?.getOutgoing(clientId)) {
      return; // confirmed by the broadcast meanwhile, or discarded
    } else if (reply.error.code === 'unavailable' && !this.connection.connected) {
      this.store.dispatch({ type: 'outboxQueued', channelId, clientId });
    } else {
      this.store.dispatch({ type: 'outboxFailed', channelId, clientId, error: describeError('send', reply.error.code) });
    }
  }
}
