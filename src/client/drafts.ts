/**
 * Unsent text, one draft per conversation, so what is typed to one person never follows the user
 * into another conversation (issue 14: a private draft went public). Kept in localStorage under a
 * key per user and conversation, so a reload brings it back and another account in the same
 * browser never sees it; a sent message clears its draft, and logging out clears them all.
 */
const PREFIX = 'chat.draft.';

export class DraftStore {
  private readonly prefix: string;

  constructor(
    username: string,
    private readonly storage: Storage | undefined = safeLocalStorage(),
  ) {
    this.prefix = `${PREFIX}${encodeURIComponent(username.toLowerCase())}.`;
  }

  load(channelId: string): string {
    try {
      return this.storage?.getItem(this.prefix + channelId) ?? '';
    } catch {
      return '';
    }
  }

  /** Empty text removes the draft. */
  save(channelId: string, text: string): void {
    try {
      if (text.trim() === '') this.storage?.removeItem(this.prefix + channelId);
      else this.storage?.setItem(this.prefix + channelId, text);
    } catch {
      // Storage full or blocked: the draft lives on in the composer until the page goes.
    }
  }

  /** Every draft of this user (logging out). */
  clearAll(): void {
    try {
      const storage = this.storage;
      if (!storage) return;
      const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
      for (const key of keys) if (key?.startsWith(this.prefix)) storage.removeItem(key);
    } catch {
      // Storage blocked: there is nothing kept to clear.
    }
  }
}

/** The composer as the drafts see it. */
export type DraftComposer = { readonly text: string; setText(text: string): void; restore(text: string): void };

/**
 * Follows the open conversation: on a switch, the composer's text is kept as the draft of the one
 * left and replaced by the draft of the one opened; each change of the text is kept at once.
 */
export class ComposerDrafts {
  private channelId: string | undefined;
  /** Where the last text was sent from: a command that fails later puts its text back there. */
  private submittedIn: string | undefined;

  constructor(
    private readonly drafts: DraftStore,
    private readonly composer: DraftComposer,
  ) {}

  /** The conversation shown now. */
  switchTo(channelId: string): void {
    if (channelId === this.channelId) return;
    if (this.channelId !== undefined) this.drafts.save(this.channelId, this.composer.text);
    this.channelId = channelId;
    this.composer.setText(this.drafts.load(channelId));
  }

  /** The text is being sent from the open conversation. */
  submitted(): void {
    this.submittedIn = this.channelId;
  }

  /**
   * A command that failed puts its text back: into the composer when its conversation is still
   * open, else as that conversation's draft (never into another conversation's composer).
   */
  restore(text: string): void {
    const from = this.submittedIn;
    if (from === undefined || from === this.channelId) this.composer.restore(text);
    else if (this.drafts.load(from) === '') this.drafts.save(from, text);
  }

  /** The composer's text changed (typed, sent and emptied, or put back). */
  changed(text: string): void {
    if (this.channelId !== undefined) this.drafts.save(this.channelId, text);
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
