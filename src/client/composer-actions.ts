/**
 * What the composer's text does once typed: typing notices while keys come, and on Enter a message,
 * a private message (`@name message`) or one of the commands of composer-intent.ts. A command that
 * fails puts its text back and says why in words (errors.ts).
 */
import { actionText, helpText, parseComposerText, type ComposerIntent } from './composer-intent';
import type { Tell } from './conversations';
import { describeError, type ErrorContext } from './errors';
import { checkNickname } from './names';
import type { Outbox } from './outbox';
import { isFailure, type Failure, type RoomRequests } from './room-requests';
import { replyTarget } from './store/message-selectors';
import { isMe, openChannel, userOf } from './store/selectors';
import type { Store } from './store/store';
import type { TypingSignal } from './typing-signal';

/** The requests the composer's commands make (RoomRequests on the page). */
export type ComposerRequests = Pick<RoomRequests, 'setNickname' | 'search' | 'join' | 'invite' | 'leave' | 'findUsers'>;

export type ComposerActionsDeps = {
  store: Store;
  outbox: Pick<Outbox, 'send'>;
  typingSignal: Pick<TypingSignal, 'stop' | 'keystroke'>;
  requests: ComposerRequests;
  tell: Tell;
  /** Puts text back into the composer (a command that failed). */
  restore(text: string): void;
  /** Opens a conversation (after `/join`). */
  openChannel(channelId: string): void;
  /** Opens Everyone (after `/leave`). */
  openEveryone(): void;
  /** Whether a leading `@name` was chosen as a mention (autocomplete), so the text is no private message. */
  isMention?(text: string): boolean;
};

export class ComposerActions {
  constructor(private readonly deps: ComposerActionsDeps) {}

  /** Enter: returns whether the text was taken (and the composer may be cleared). */
  submit(raw: string): boolean {
    const { store, tell } = this.deps;
    const intent = this.intentOf(raw);
    if (intent.kind === 'empty') return false;
    tell(''); // a new attempt: the last one's status line goes
    switch (intent.kind) {
      case 'help':
        tell(helpText());
        return true;
      case 'unknown':
        tell(`Unknown command /${intent.command}. Type /help.`, 'error');
        return false;
      case 'usage':
        tell(`Use it as ${intent.usage}. Type /help for every command.`, 'error');
        return false;
      case 'nick':
        return this.command(raw, () => this.setNickname(intent.nickname));
      case 'join':
        return this.command(raw, () => this.join(intent.room));
      case 'leave':
        return this.inRoom(raw, (channelId) => this.leave(channelId));
      case 'invite':
        return this.inRoom(raw, (channelId) => this.invite(channelId, intent.username));
      case 'private':
        if (isMe(store.state, intent.to)) {
          tell('That is you: name someone else after the @.', 'error');
          return false;
        }
        return this.postPrivately(raw, intent.text, intent.to);
      case 'me':
        return this.post(actionText(intent.text));
      case 'message':
        return this.post(intent.text);
    }
  }

  /** Each change of the composer's text. */
  input(text: string): void {
    const channelId = this.deps.store.state.openChannelId;
    const intent = this.intentOf(text);
    if (channelId && (intent.kind === 'message' || intent.kind === 'me')) this.deps.typingSignal.keystroke(channelId);
    else this.deps.typingSignal.stop();
  }

  private intentOf(text: string): ComposerIntent {
    const intent = parseComposerText(text);
    return intent.kind === 'private' && this.deps.isMention?.(text) ? { kind: 'message', text: text.trim() } : intent;
  }

  /**
   * `@name message`: sent only to someone who exists. A name the page does not know (it may list
   * only those online) is looked up first; nobody by that name keeps the text and says so, so
   * nothing lands in the open conversation as a message that could never be delivered.
   */
  private postPrivately(raw: string, text: string, to: string): boolean {
    const known = userOf(this.deps.store.state, to);
    if (known) return this.post(text, known.username);
    return this.command(raw, async () => {
      const found = await this.deps.requests.findUsers(to);
      if (isFailure(found)) return { context: 'findUsers', code: found.code };
      const user = found.find((candidate) => candidate.username.toLowerCase() === to.toLowerCase());
      if (!user) return `There is no one called ${to}. Check the name and try again.`;
      return this.post(text, user.username) ? undefined : 'Open a conversation first.';
    });
  }

  private post(text: string, to?: string): boolean {
    const { store, typingSignal, outbox } = this.deps;
    const channelId = store.state.openChannelId;
    if (!channelId) return false;
    typingSignal.stop();
    if (to !== undefined) {
      outbox.send(channelId, text, { to });
      return true;
    }
    const replyTo = replyTarget(store.state, channelId)?.id;
    outbox.send(channelId, text, replyTo ? { replyTo } : {});
    if (replyTo) store.dispatch({ type: 'replyCancelled', channelId });
    return true;
  }

  /** Runs a command's request; on failure says why and puts the command back. */
  private command(raw: string, run: () => Promise<CommandFailure | string | undefined>): boolean {
    this.deps.typingSignal.stop();
    void run().then((outcome) => {
      if (outcome === undefined) return;
      if (typeof outcome === 'string') {
        this.deps.tell(outcome, 'error');
      } else {
        this.deps.tell(describeError(outcome.context, outcome.code), 'error');
      }
      this.deps.restore(raw);
    });
    return true;
  }

  /** A command about the open room; refused at once elsewhere. */
  private inRoom(raw: string, run: (channelId: string) => Promise<CommandFailure | string | undefined>): boolean {
    const open = openChannel(this.deps.store.state);
    if (open?.kind !== 'room') {
      this.deps.tell('Open a room first: this command works in rooms only.', 'error');
      return false;
    }
    return this.command(raw, () => run(open.id));
  }

  private async setNickname(nickname: string | null): Promise<CommandFailure | string | undefined> {
    const checked = nickname === null ? undefined : checkNickname(nickname);
    if (checked && !checked.ok) return checked.error;
    const result = await this.deps.requests.setNickname(nickname);
    if (isFailure(result)) return { context: 'nickname', code: result.code };
    this.deps.tell(result.nickname ? `Your nickname is now ${result.nickname}.` : 'Your nickname is cleared.');
    return undefined;
  }

  /** `/join name`: the public room of that name (ignoring case), joined unless already, then opened. */
  private async join(name: string): Promise<CommandFailure | string | undefined> {
    const { store, requests, openChannel: open, tell } = this.deps;
    const mine = [...store.state.channels.values()].find(
      (channel) => channel.kind === 'room' && channel.name.toLowerCase() === name.toLowerCase(),
    );
    if (mine) {
      open(mine.id);
      return undefined;
    }
    const found = await requests.search(name);
    if (isFailure(found)) return { context: 'searchRooms', code: found.code };
    const room = found.find((channel) => channel.name.toLowerCase() === name.toLowerCase());
    if (!room) return `There is no public room called “${name}”. Find rooms lists them all.`;
    if (!store.state.channels.has(room.id)) {
      const joined = await requests.join(room.id);
      if (isFailure(joined)) return { context: 'join', code: joined.code };
      tell(`You joined # ${joined.name}.`);
    }
    open(room.id);
    return undefined;
  }

  private async leave(channelId: string): Promise<CommandFailure | undefined> {
    const name = this.deps.store.state.channels.get(channelId)?.name ?? '';
    const failure = await this.deps.requests.leave(channelId);
    if (failure) return { context: 'leave', code: failure.code };
    this.deps.openEveryone();
    this.deps.tell(`You left # ${name}.`);
    return undefined;
  }

  private async invite(channelId: string, username: string): Promise<CommandFailure | undefined> {
    const result = await this.deps.requests.invite(channelId, username);
    if (isFailure(result)) return { context: 'invite', code: result.code };
    this.deps.tell(`${username} is now a member of # ${result.name}.`);
    return undefined;
  }
}

type CommandFailure = { context: ErrorContext; code: Failure['code'] };
