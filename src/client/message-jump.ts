/**
 * `jumpToMessage(channelId, messageId)`: opens a conversation at one message, however old (a
 * search result, a reply's quote), with that message shown and highlighted for a moment
 * (`messageHighlighted`: the view centres and focuses it, see ConversationView). A message not held
 * is fetched with the window of history around it, in two requests. The timeline then
 * holds a window of history around it (`hasNewer`, see timeline.ts): older pages load as the
 * reader scrolls up, as always, and newer pages as they reach the bottom, until the window meets
 * the latest messages and live messages flow again. Sending a message from a window returns the
 * conversation to its latest messages, where the new one appears.
 */
import { LIMITS } from '../shared/limits';
import type { Connection } from './connection';
import type { LoadError } from './history-loader';
import type { Action } from './store/actions';
import { timelineOf } from './store/selectors';
import type { Store } from './store/store';

export type MessageJumpDeps = {
  connection: Connection;
  store: Store;
  /** Opens the conversation (selects it, shows it); its timeline is already filled. */
  open(channelId: string): Promise<void>;
  /** Everything newer than the newest message held (HistoryLoader.catchUp). */
  catchUp(channelId: string): Promise<LoadError>;
  /** The latest page of an empty timeline (HistoryLoader.loadLatest). */
  loadLatest(channelId: string): Promise<LoadError>;
  /** How long a message jumped to stays highlighted; HIGHLIGHT_MS unless told (tests). */
  highlightMs?: number;
};

/** Messages on each side of the one jumped to. */
const AROUND = LIMITS.historyDefault;
/** How long a message brought into view stays highlighted. */
export const HIGHLIGHT_MS = 2500;

export class MessageJump {
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: MessageJumpDeps) {}

  /**
   * Shows `messageId` of `channelId` in its conversation, highlighted for a moment; a message
   * already held is just highlighted. Resolves to an error to show, if any.
   */
  async jumpToMessage(channelId: string, messageId: string): Promise<LoadError> {
    const { connection, store } = this.deps;
    const held = timelineOf(store.state, channelId);
    if (!held?.has(messageId)) {
      // `before: id + 1` is the page that ends with the message itself.
      const before = (BigInt(messageId) + 1n).toString();
      const [older, newer] = await Promise.all([
        connection.request('chatHistory', { channelId, before, limit: AROUND }),
        connection.request('chatHistory', { channelId, after: messageId, limit: AROUND }),
      ]);
      if (!older.ok) return older.error.message;
      if (!newer.ok) return newer.error.message;
      if (!older.messages.some((message) => message.id === messageId)) return 'That message is no longer there.';
      store.dispatch({
        type: 'windowLoaded',
        channel: older.channel,
        messages: [...older.messages, ...newer.messages],
        hasMore: older.hasMore,
        hasNewer: newer.hasMore,
      });
      const events = [...(older.events ?? []), ...(newer.events ?? [])];
      if (events.length > 0) store.dispatch({ type: 'roomEventsLoaded', channelId, events });
    }
    this.highlight(channelId, messageId);
    if (store.state.openChannelId !== channelId) await this.deps.open(channelId);
    return undefined;
  }

  /** Highlights the message until HIGHLIGHT_MS have passed (or another is highlighted). */
  private highlight(channelId: string, messageId: string): void {
    const { store } = this.deps;
    clearTimeout(this.highlightTimer);
    store.dispatch({ type: 'messageHighlighted', channelId, messageId });
    this.highlightTimer = setTimeout(() => {
      this.highlightTimer = undefined;
      store.dispatch({ type: 'messageHighlighted', channelId, messageId: undefined });
    }, this.deps.highlightMs ?? HIGHLIGHT_MS);
  }

  /** The next newer page of a window; at the latest, whatever arrived meanwhile. */
  async loadNewer(channelId: string): Promise<LoadError> {
    const { connection, store } = this.deps;
    const timeline = timelineOf(store.state, channelId);
    const after = timeline?.newestId;
    if (timeline?.status !== 'ready' || !timeline.hasNewer || timeline.loadingNewer || after === undefined) return undefined;
    store.dispatch({ type: 'newerPageRequested', channelId });
    const reply = await connection.request('chatHistory', { channelId, after, limit: LIMITS.historyMax });
    if (!reply.ok) {
      store.dispatch({ type: 'newerPageFailed', channelId });
      return reply.error.message;
    }
    store.dispatch({ type: 'newerPageLoaded', channelId, messages: reply.messages, hasNewer: reply.hasMore });
    if (reply.events?.length) store.dispatch({ type: 'roomEventsLoaded', channelId, events: reply.events });
    // Live messages sent while this page was on its way were not kept: fetch them now.
    return reply.hasMore ? undefined : this.deps.catchUp(channelId);
  }

  /** After each batch of actions: a message typed in a window returns its conversation to the latest messages. */
  afterActions(actions: readonly Action[]): void {
    for (const action of actions) {
      if (action.type !== 'outboxAdded') continue;
      if (!timelineOf(this.deps.store.state, action.channelId)?.hasNewer) continue;
      this.deps.store.dispatch({ type: 'historyReset', channelId: action.channelId });
      void this.deps.loadLatest(action.channelId);
    }
  }
}
