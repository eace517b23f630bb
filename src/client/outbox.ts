/**
 * Sending messages. Each one shows at once as pending in the conversation it was typed in, with a
 * clientId; the ack (or the server's broadcast, whichever comes first) confirms it. Written while
 * offline, it waits and goes out on reconnect; refused or unanswered, it offers Retry, which sends
 * the same clientId again, so the server stores it once however often it is tried.
 */
import type { Message } from '../shared/types';
import { newClientId } from './client-id';
import type { Connection } from './connection';
import type { ChatState } from './state';

export type OutboxCallbacks = {
  /** The timeline of `channelId` changed; `own` when the user just added to it. */
  changed(channelId: string, own: boolean): void;
  /** The server stored the message (it may belong to another channel than `fromChannelId`). */
  delivered(message: Message, fromChannelId: string, to: string | undefined): void;
};

export class Outbox {
  private flushing = false;

  constructor(
    private readonly connection: Connection,
    private readonly state: ChatState,
    private readonly callbacks: OutboxCallbacks,
  ) {}

  /** Queues `text` in `channelId`'s timeline; `to` sends it privately to that user instead. */
  send(channelId: string, text: string, to?: string): void {
    const clientId = newClientId();
    const state = this.connection.connected ? 'sending' : 'queued';
    this.state.timeline(channelId).addOutgoing({ clientId, text, ...(to ? { to } : {}), state, createdAt: new Date() });
    this.callbacks.changed(channelId, true);
    if (state === 'sending') void this.deliver(channelId, clientId);
  }

  retry(channelId: string, clientId: string): void {
    void this.deliver(channelId, clientId);
  }

  discard(channelId: string, clientId: string): void {
    this.state.timelines.get(channelId)?.removeOutgoing(clientId);
    this.callbacks.changed(channelId, false);
  }

  /** After a reconnect: sends what waited, oldest first, one at a time to keep their order. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const waiting = [...this.state.timelines.values()]
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
    const timeline = this.state.timelines.get(channelId);
    const outgoing = timeline?.getOutgoing(clientId);
    if (!timeline || !outgoing) return;
    if (!this.connection.connected) {
      timeline.updateOutgoing(clientId, { state: 'queued' });
      this.callbacks.changed(channelId, false);
      return;
    }
    timeline.updateOutgoing(clientId, { state: 'sending' });
    this.callbacks.changed(channelId, false);
    const { text, to } = outgoing;
    const reply = await this.connection.request(
      'chatMessage',
      to !== undefined ? { to, text, clientId } : { channelId, text, clientId },
    );
    if (reply.ok) {
      timeline.removeOutgoing(clientId);
      this.callbacks.delivered(reply.message, channelId, to);
    } else if (!timeline.getOutgoing(clientId)) {
      return; // confirmed by the broadcast meanwhile, or discarded
    } else if (reply.error.code === 'unavailable' && !this.connection.connected) {
      timeline.updateOutgoing(clientId, { state: 'queued' });
    } else {
      timeline.updateOutgoing(clientId, { state: 'failed', error: reply.error.message });
    }
    this.callbacks.changed(channelId, false);
  }
}
