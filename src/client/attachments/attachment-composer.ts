/**
 * Files in the composer: the tray of files chosen (by the `Attach files` input, dropped on the
 * conversation or pasted), and sending a message that carries them (its text may then be empty).
 */
import { parseComposerText } from '../composer-intent';
import type { Tell } from '../conversations';
import type { Outbox } from '../outbox';
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
};

export class AttachmentComposer {
  private readonly tray: AttachmentTray;

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
   * why not yet (false). Undefined when this is not a message with files (commands, no files).
   */
  submit(raw: string): boolean | undefined {
    const { store, outbox, typingSignal, tell } = this.deps;
    if (!this.tray.hasFiles()) return undefined;
    const intent = parseComposerText(raw);
    if (intent.kind === 'help' || intent.kind === 'nick') return undefined;
    if (this.tray.busy()) {
      tell('The files are still uploading: send once they are ready.', 'error');
      return false;
    }
    const attachments = this.tray.ready();
    if (attachments.length === 0) {
      tell('None of these files could be uploaded: remove them, or add others.', 'error');
      return false;
    }
    const channelId = store.state.openChannelId;
    if (!channelId) return false;
    if (intent.kind === 'private' && isMe(store.state, intent.to)) {
      tell('That is you: name someone else after the @.', 'error');
      return false;
    }
    typingSignal.stop();
    if (intent.kind === 'private') outbox.send(channelId, intent.text, intent.to, attachments);
    else outbox.send(channelId, intent.kind === 'message' ? intent.text : '', undefined, attachments);
    this.tray.clear();
    return true;
  }
}
