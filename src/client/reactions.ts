/**
 * Reacting to messages: `toggleReaction` asks the server (`react`) and dispatches the message as
 * the ack returns it (`messageUpdated`), so the page shows the change before the push arrives.
 * `listen` handles clicks on the reaction buttons of a message list.
 */
import type { Reaction } from '../shared/types';
import type { Connection } from './connection';
import { openReactionPicker } from './emoji/reaction-picker';
import type { SkinTone } from './emoji/skin-tones';
import type { Store } from './store/store';
import { describeError } from './errors';

export type ReactionDeps = {
  connection: Pick<Connection, 'request'>;
  store: Store;
  tell(text: string, kind?: 'info' | 'error'): void;
  /** Saves the skin tone chosen in the picker (a preference). */
  setSkinTone(tone: SkinTone): void;
};

export class ReactionRequests {
  constructor(private readonly deps: ReactionDeps) {}

  /** Adds (`on`) or removes my reaction `emoji` on a message. Errors are told, never thrown. */
  async toggleReaction(channelId: string, messageId: string, emoji: string, on: boolean): Promise<boolean> {
    const reply = await this.deps.connection.request('react', { channelId, messageId, emoji, on });
    if (!reply.ok) {
      this.deps.tell(describeError('react', reply.error.code), 'error');
      return false;
    }
    this.deps.store.dispatch({ type: 'messageUpdated', message: reply.message });
    return true;
  }

  /** The picker beside `anchor` (e.g. a message's `React` button); a pick adds my reaction (harmless when already there). */
  openPicker(anchor: HTMLElement, channelId: string, messageId: string): void {
    openReactionPicker(anchor, (emoji) => void this.toggleReaction(channelId, messageId, emoji, true), {
      tone: this.deps.store.state.preferences.skinTone ?? 0,
      toneChosen: (tone) => this.deps.setSkinTone(tone),
    });
  }

  /** Clicks on a message list: a reaction button toggles mine. */
  listen(list: HTMLElement): void {
    list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-reaction]') : null;
      const messageId = button?.closest<HTMLElement>('li[data-id]')?.dataset.id;
      const channelId = this.deps.store.state.openChannelId;
      if (!button || !messageId || !channelId) return;
      const emoji = button.dataset.reaction;
      if (emoji) void this.toggleReaction(channelId, messageId, emoji, button.getAttribute('aria-pressed') !== 'true');
    });
  }
}

/** Whether `username` is among those who reacted with `emoji` (usernames ignore case). */
export function hasReacted(reactions: readonly Reaction[], emoji: string, username: string): boolean {
  const key = username.toLowerCase();
  return reactions.some((reaction) => reaction.emoji === emoji && reaction.users.some((user) => user.toLowerCase() === key));
}
