/**
 * What the user does to a message: edit it in place, delete it, react to it, reply to it, and
 * jump to the message a reply quotes (loading older history until it is found). Each makes its
 * request and dispatches what changed; refusals are told in words, never as codes.
 */
import { describeError } from './errors';
import type { ErrorCode } from '../shared/types';
import type { Connection } from './connection';
import type { Tell } from './conversations';
import type { HistoryLoader } from './history-loader';
import { canChange, messageIn } from './store/message-selectors';
import { timelineOf } from './store/selectors';
import type { Store } from './store/store';

/** How long a message brought into view stays highlighted. */
const HIGHLIGHT_MS = 2500;
/** While an older page is already on its way, how long to wait before looking again. */
const OLDER_POLL_MS = 100;

export type MessageActionsDeps = {
  connection: Connection;
  store: Store;
  history: HistoryLoader;
  tell: Tell;
};

type Verb = 'edit' | 'delete' | 'react' | 'find';

export class MessageActions {
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: MessageActionsDeps) {}

  startEdit(channelId: string, messageId: string): void {
    const message = messageIn(this.deps.store.state, channelId, messageId);
    if (!message || !canChange(this.deps.store.state, message)) {
      this.deps.tell('You can only edit your own messages.', 'error');
      return;
    }
    this.deps.store.dispatch({ type: 'editStarted', channelId, messageId });
  }

  cancelEdit(): void {
    this.deps.store.dispatch({ type: 'editEnded' });
  }

  /** Saves an edit; the same text again just closes the editor. Returns whether the editor closed. */
  async saveEdit(channelId: string, messageId: string, text: string): Promise<boolean> {
    const { connection, store, tell } = this.deps;
    const current = messageIn(store.state, channelId, messageId);
    if (text.trim() === '') {
      tell('A message cannot be empty: delete it instead.', 'error');
      return false;
    }
    if (current && current.text === text.trim()) {
      store.dispatch({ type: 'editEnded' });
      return true;
    }
    const reply = await connection.request('editMessage', { channelId, messageId, text });
    if (!reply.ok) {
      tell(explain('edit', reply.error.code, reply.error.message), 'error');
      return false;
    }
    store.dispatch({ type: 'messageUpdated', message: reply.message });
    store.dispatch({ type: 'editEnded' });
    return true;
  }

  async remove(channelId: string, messageId: string): Promise<void> {
    const reply = await this.deps.connection.request('deleteMessage', { channelId, messageId });
    if (!reply.ok) {
      this.deps.tell(explain('delete', reply.error.code, reply.error.message), 'error');
      return;
    }
    // The tombstone arrives as `messageUpdated`; until then the message is shown as deleted here.
    const message = messageIn(this.deps.store.state, channelId, messageId);
    if (message && !message.deleted) {
      const { replyTo: _replyTo, reactions: _reactions, mentions: _mentions, ...rest } = message;
      this.deps.store.dispatch({ type: 'messageUpdated', message: { ...rest, text: '', deleted: true } });
    }
  }

  /** Adds (`on`) or removes the user's reaction with `emoji`. */
  async react(channelId: string, messageId: string, emoji: string, on: boolean): Promise<void> {
    const reply = await this.deps.connection.request('react', { channelId, messageId, emoji, on });
    if (reply.ok) this.deps.store.dispatch({ type: 'messageUpdated', message: reply.message });
    else this.deps.tell(explain('react', reply.error.code, reply.error.message), 'error');
  }

  startReply(channelId: string, messageId: string): void {
    this.deps.store.dispatch({ type: 'replyStarted', channelId, messageId });
  }

  cancelReply(channelId: string): void {
    this.deps.store.dispatch({ type: 'replyCancelled', channelId });
  }

  /**
   * Brings a message of this channel into view and highlights it for a moment, loading older
   * pages until it is held or there is no more history.
   */
  async jumpTo(channelId: string, messageId: string): Promise<void> {
    const { store, history, tell } = this.deps;
    for (;;) {
      const timeline = timelineOf(store.state, channelId);
      if (!timeline || timeline.status !== 'ready' || store.state.openChannelId !== channelId) return;
      if (timeline.has(messageId)) break;
      if (!timeline.hasMore) {
        tell('That message is no longer in this conversation.', 'error');
        return;
      }
      if (timeline.loadingOlder) {
        await new Promise((resolve) => setTimeout(resolve, OLDER_POLL_MS));
        continue;
      }
      const error = await history.loadOlder(channelId);
      if (error !== undefined) {
        tell(explain('find', 'unavailable', error), 'error');
        return;
      }
    }
    clearTimeout(this.highlightTimer);
    store.dispatch({ type: 'messageHighlighted', channelId, messageId });
    this.highlightTimer = setTimeout(
      () => store.dispatch({ type: 'messageHighlighted', channelId, messageId: undefined }),
      HIGHLIGHT_MS,
    );
  }
}

/**
 * A refusal in words for people (errors.ts), the verb saying to what. `unavailable` made by the
 * connection itself ("You are offline.") is already written for people and shown as it is.
 */
export function explain(verb: Verb, code: ErrorCode, message: string): string {
  if (code !== 'unavailable') return describeError(verb, code);
  return message.endsWith('.') && !/^[a-z_]+$/.test(message) ? message : 'The server could not be reached.';
}
