/**
 * Files in the composer: the tray of files chosen (by the `Attach files` input, dropped on the
 * conversation or pasted), and sending a message that carries them (its text may then be empty).
 */
import { parseComposerText } from '../composer-intent';
import type { Tell } from '../conversations';
import type { Outbox } from '../outbox';
import { replyTarget } from '../store/message-selectors';
import { isMe } from '../store/selectors';
import type { Store } from '../store/store';
import type { TypingSignal } from '../typing-signal';
import { AttachmentTray } from './attachment-tray';
import { listenForFiles } from './file-drop';
import { uploadMaxBytes } from './upload-request';

export type AttachmentElements = { input: HTMLInputElement; tray: HTMLElement; dropZone: HTMLElement };

export type AttachmentComposerDeps = {
  store: Store;
  outbox: Outbox;
  typingSignal: TypingSignal;
  tell: Tell;
  /** Puts text back into the composer (a message whose files all failed). */
  restore(text: string): void;
};

export class AttachmentComposer {
  private readonly tray: AttachmentTray;
  /** A message waits for its files to finish uploading. */
  private waiting = false;

  constructor(
    elements: AttachmentElements,
    private readonly deps: AttachmentComposerDeps,
  ) {
    this.tray = new AttachmentTray({ tray: elements.tray, maxBytes: uploadMaxBytes(), tell: deps.tell });
    listenForFiles(elements, (files) => this.tray.add(files));
  }

  /** Whether files wait in the tray (a message may then go without text). */
  hasFiles(): boolean {
    return this.tray.hasFiles();
  }

  /**
   * Enter with files in the tray: sends the text with them and empties the tray (true), or says
   * why not (false). While files are still uploading the message waits for them, then goes.
   * Undefined when this is not a message with files (commands, an empty tray).
   */
  submit(raw: string): boolean | undefined {
    if (!this.tray.hasFiles()) return undefined;
    const intent = parseComposerText(raw);
    if (intent.kind === 'help' || intent.kind === 'nick') return undefined;
    const channelId = this.deps.store.state.openChannelId;
    if (!channelId) return false;
    if (intent.kind === 'private' && isMe(this.deps.store.state, intent.to)) {
      this.deps.tell('That is you: name someone else after the @.', 'error');
      return false;
    }
    if (this.waiting) {
      this.deps.tell('The files are still uploading: the message goes as soon as they are done.');
      return false;
    }
    if (!this.tray.busy()) return this.send(raw, channelId);
    this.waiting = true;
    this.deps.tell('Sending as soon as the files are uploaded…');
    void this.tray.settled().then(() => {
      this.waiting = false;
      if (!this.send(raw, channelId)) this.deps.restore(raw);
    });
    return true;
  }

  private send(raw: string, channelId: string): boolean {
    const { outbox, typingSignal, tell } = this.deps;
    const attachments = this.tray.ready();
    if (attachments.length === 0) {
      tell('None of these files could be uploaded: remove them, or add others.', 'error');
      return false;
    }
    const intent = parseComposerText(raw);
    typingSignal.stop();
    if (intent.kind === 'private') {
      outbox.send(channelId, intent.text, { to: intent.to, attachments });
    } else {
      const replyTo = replyTarget(this.deps.store.state, channelId)?.id;
      outbox.send(channelId, intent.kind === 'message' ? intent.text : '', { attachments, ...(replyTo ? { replyTo } : {}) });
      if (replyTo) this.deps.store.dispatch({ type: 'replyCancelled', channelId });
    }
    this.tray.clear();
    return true;
  }
}
