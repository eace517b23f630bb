/**
 * What the user does to a message: edit it in place, delete it, react to it, reply to it. (A
 * reply's quote jumps to the original with MessageJump.) Each makes its request and dispatches
 * what changed; refusals are told in words, never as codes.
 */
import { describeError } from './errors';
import type { ErrorCode } from '../shared/types';
import type { Connection } from './connection';
import type { Tell } from './conversations';
import { canChange, messageIn } from './store/message-selectors';
import type { Store } from './store/store';

export type MessageActionsDeps = {
  connection: Connection;
  store: Store;
  tell: Tell;
};

type Verb = 'edit' | 'delete' | 'react';

export class MessageActions {
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
}

/**
 * A refusal in words for people (errors.ts), the verb saying to what. `unavailable` made by the
 * connection itself ("You are offline.") is already written for people and shown as it is.
 */
export function explain(verb: Verb, code: ErrorCode, message: string): string {
  if (code !== 'unavailable') return describeError(verb, code);
  return message.endsWith('.') && !/^[a-z_]+$/.test(message) ? message : 'The server could not be reached.';
}
