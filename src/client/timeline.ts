/**
 * One conversation's messages as the page knows them: the stored messages in id order without
 * duplicates, plus the user's own outgoing messages that the server has not confirmed yet.
 *
 * A timeline is `empty` until its first page is asked for. Live messages for an empty timeline are
 * not kept: the first page will bring them, and keeping a stray one could leave a silent gap.
 * While the first page is `loading`, live messages are kept and merged with it.
 *
 * A timeline may hold a window of older history not attached to the latest messages (opened at a
 * search result: see message-jump.ts). While `hasNewer`, live messages newer than the window are
 * not kept (the newer pages will bring them, in order and without a gap).
 *
 * A room's timeline also holds its room events (joins, invitations, leaves), each placed after
 * the message it followed (`afterMessageId`); they come with the pages of history and live, under
 * the same rules as messages.
 */
import type { Attachment, Message, RoomEvent } from '../shared/types';
import { compareIds } from './message-order';

export type OutgoingState = 'sending' | 'queued' | 'failed';

/** A message the user sent that has no stored id yet. `clientId` makes retries safe. */
export type Outgoing = {
  clientId: string;
  text: string;
  /** Set for `@name message`: sent with `{ to }` rather than to this conversation. */
  to?: string;
  /** The id of the message this one replies to. */
  replyTo?: string;
  /** Files uploaded for it, sent as their ids. */
  attachments?: Attachment[];
  state: OutgoingState;
  error?: string;
  createdAt: Date;
};

export type TimelineStatus = 'empty' | 'loading' | 'ready';

/** A timeline as the views and modules read it; only the reducer changes one. */
export type TimelineView = Readonly<
  Pick<
    Timeline,
    | 'channelId'
    | 'status'
    | 'hasMore'
    | 'loadingOlder'
    | 'hasNewer'
    | 'loadingNewer'
    | 'messages'
    | 'pending'
    | 'oldestId'
    | 'newestId'
    | 'has'
    | 'getOutgoing'
    | 'events'
  >
>;

export class Timeline {
  status: TimelineStatus = 'empty';
  /** Whether older messages exist on the server than the oldest one held. */
  hasMore = false;
  loadingOlder = false;
  /** A detached window: newer messages exist on the server than the newest one held. */
  hasNewer = false;
  loadingNewer = false;
  private readonly list: Message[] = [];
  private readonly ids = new Set<string>();
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly eventList: RoomEvent[] = [];
  private readonly eventIds = new Set<string>();

  constructor(readonly channelId: string) {}

  get messages(): readonly Message[] {
    return this.list;
  }

  /** Room events, in the order of their places (then of their ids). */
  get events(): readonly RoomEvent[] {
    return this.eventList;
  }

  get pending(): Outgoing[] {
    return [...this.outgoing.values()];
  }

  get oldestId(): string | undefined {
    return this.list[0]?.id;
  }

  get newestId(): string | undefined {
    return this.list[this.list.length - 1]?.id;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /**
   * Adds a stored message at its place in id order. Returns false for a duplicate, or when the
   * timeline is empty (see the module header). A message that confirms one of ours replaces it.
   */
  add(message: Message): boolean {
    if (message.clientId) this.outgoing.delete(message.clientId);
    const newest = this.newestId;
    if (this.hasNewer && newest !== undefined && compareIds(message.id, newest) > 0) return false;
    return this.insert(message);
  }

  /**
   * Replaces the stored messages with a window of history: `hasOlder` and `hasNewer` tell whether
   * the server holds messages before and after it.
   */
  showWindow(messages: readonly Message[], hasOlder: boolean, hasNewer: boolean): void {
    this.reset();
    this.status = 'ready';
    for (const message of messages) this.insert(message);
    this.hasMore = hasOlder;
    this.hasNewer = hasNewer;
  }

  /** Adds a page of newer messages to a window; `hasNewer` false once it reaches the latest. */
  addNewerPage(messages: readonly Message[], hasNewer: boolean): Message[] {
    const added = messages.filter((message) => this.insert(message));
    this.hasNewer = hasNewer;
    this.loadingNewer = false;
    return added;
  }

  private insert(message: Message): boolean {
    if (this.status === 'empty' || this.ids.has(message.id)) return false;
    this.ids.add(message.id);
    const index = this.insertionIndex(message.id);
    this.list.splice(index, 0, message);
    return true;
  }

  /**
   * Adds room events, without duplicates. Like messages, none are kept while the timeline is
   * empty, nor, in a window of older history, live ones placed after its newest message.
   */
  addEvents(events: readonly RoomEvent[], live = false): void {
    if (this.status === 'empty') return;
    const newest = this.newestId;
    for (const event of events) {
      if (this.eventIds.has(event.id)) continue;
      if (live && this.hasNewer && newest !== undefined && compareIds(event.afterMessageId, newest) > 0) continue;
      this.eventIds.add(event.id);
      this.eventList.push(event);
    }
    this.eventList.sort((a, b) => compareIds(a.afterMessageId, b.afterMessageId) || compareIds(a.id, b.id));
  }

  /** Replaces a held message by its current version (edited, deleted, reacted to); unknown ids change nothing. */
  replace(message: Message): boolean {
    if (!this.ids.has(message.id)) return false;
    const index = this.insertionIndex(message.id);
    if (this.list[index]?.id !== message.id) return false;
    this.list[index] = message;
    return true;
  }

  /** Adds a page of history; returns the messages that were new. */
  addPage(messages: readonly Message[]): Message[] {
    if (this.status === 'empty') this.status = 'loading';
    return messages.filter((message) => this.add(message));
  }

  addOutgoing(outgoing: Outgoing): void {
    this.outgoing.set(outgoing.clientId, outgoing);
  }

  getOutgoing(clientId: string): Outgoing | undefined {
    return this.outgoing.get(clientId);
  }

  updateOutgoing(clientId: string, change: Partial<Omit<Outgoing, 'clientId'>>): void {
    const current = this.outgoing.get(clientId);
    if (current) this.outgoing.set(clientId, { ...current, ...change });
  }

  removeOutgoing(clientId: string): void {
    this.outgoing.delete(clientId);
  }

  /** Forgets the stored messages (not the outgoing ones), e.g. when a first load failed. */
  reset(): void {
    this.list.length = 0;
    this.ids.clear();
    this.eventList.length = 0;
    this.eventIds.clear();
    this.status = 'empty';
    this.hasMore = false;
    this.loadingOlder = false;
    this.hasNewer = false;
    this.loadingNewer = false;
  }

  private insertionIndex(id: string): number {
    // Live messages arrive newest: check the end first, then binary search.
    const last = this.list[this.list.length - 1];
    if (!last || compareIds(last.id, id) < 0) return this.list.length;
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      // middle < length, so the element exists.
      if (compareIds(this.list[middle]!.id, id) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
