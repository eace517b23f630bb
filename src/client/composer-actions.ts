/**
 * What the composer's text does once typed: typing notices while keys come, and on Enter a message,
 * a private message (`@name message`), `/nick` or `/help`.
 */
import { parseComposerText, type ComposerIntent } from './composer-intent';
import type { Tell } from './conversations';
import type { Outbox } from './outbox';
import { isFailure, type RoomRequests } from './room-requests';
import { replyTarget } from './store/message-selectors';
import { isMe } from './store/selectors';
import type { Store } from './store/store';
import type { TypingSignal } from './typing-signal';

export type ComposerActionsDeps = {
  store: Store;
  outbox: Outbox;
  typingSignal: TypingSignal;
  requests: RoomRequests;
  tell: Tell;
  /** Puts text back into the composer (a command that failed). */
  restore(text: string): void;
  /** Whether a leading `@name` was chosen as a mention (autocomplete), so the text is no private message. */
  isMention?(text: string): boolean;
};

const HELP = 'Enter sends, Shift+Enter adds a line. “@name message” sends privately. /nick Name sets your nickname.';

export class ComposerActions {
  constructor(private readonly deps: ComposerActionsDeps) {}

  /** Enter: returns whether the text was taken (and the composer may be cleared). */
  submit(raw: string): boolean {
    const { store, typingSignal, outbox, tell } = this.deps;
    const channelId = store.state.openChannelId;
    const intent = this.intentOf(raw);
    switch (intent.kind) {
      case 'empty':
        return false;
      case 'help':
        tell(HELP);
        return true;
      case 'nick':
        typingSignal.stop();
        void this.setNickname(intent.nickname, raw);
        return true;
      case 'private':
        if (isMe(store.state, intent.to)) {
          tell('That is you: name someone else after the @.', 'error');
          return false;
        }
        if (!channelId) return false;
        typingSignal.stop();
        outbox.send(channelId, intent.text, { to: intent.to });
        return true;
      case 'message': {
        if (!channelId) return false;
        typingSignal.stop();
        const replyTo = replyTarget(store.state, channelId)?.id;
        outbox.send(channelId, intent.text, replyTo ? { replyTo } : {});
        if (replyTo) store.dispatch({ type: 'replyCancelled', channelId });
        return true;
      }
    }
  }

  /** Each change of the composer's text. */
  input(text: string): void {
    const channelId = this.deps.store.state.openChannelId;
    const intent = this.intentOf(text);
    if (channelId && intent.kind === 'message') this.deps.typingSignal.keystroke(channelId);
    else this.deps.typingSignal.stop();
  }

  private intentOf(text: string): ComposerIntent {
    const intent = parseComposerText(text);
    return intent.kind === 'private' && this.deps.isMention?.(text) ? { kind: 'message', text: text.trim() } : intent;
  }

  private async setNickname(nickname: string | null, raw: string): Promise<void> {
    const result = await this.deps.requests.setNickname(nickname);
    if (isFailure(result)) {
      this.deps.tell(`Nickname not changed: ${result.message}`, 'error');
      this.deps.restore(raw);
    } else {
      this.deps.tell(result.nickname ? `Your nickname is now ${result.nickname}.` : 'Your nickname is cleared.');
    }
  }
}
