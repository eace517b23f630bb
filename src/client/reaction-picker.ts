/**
 * The seam between a message's `React` button and the emoji picker. The row calls
 * `open(channelId, messageId, anchor)` with the button as anchor; a picker shows itself there and
 * reacts through `MessageActions.react`. Until the full picker exists, `QuickThumbsUp` toggles 👍.
 */
import type { MessageActions } from './message-actions';
import { messageIn } from './store/message-selectors';
import { isMe } from './store/selectors';
import type { Store } from './store/store';

export interface ReactionPicker {
  /** `anchor`: the React button pressed; focus goes back to it when the picker closes. */
  open(channelId: string, messageId: string, anchor: HTMLElement): void;
}

export class QuickThumbsUp implements ReactionPicker {
  constructor(
    private readonly store: Store,
    private readonly actions: MessageActions,
  ) {}

  open(channelId: string, messageId: string): void {
    const message = messageIn(this.store.state, channelId, messageId);
    if (!message) return;
    const mine = (message.reactions ?? []).some(
      (reaction) => reaction.emoji === '👍' && reaction.users.some((name) => isMe(this.store.state, name)),
    );
    void this.actions.react(channelId, messageId, '👍', !mine);
  }
}
