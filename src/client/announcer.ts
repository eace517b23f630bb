/**
 * Incoming messages read out to screen-reader users through one polite live region: the sender
 * and the text, briefly; never the user's own messages, nor a muted conversation's (unless it
 * mentions them). A burst is coalesced: messages arriving close together wait for a quiet moment
 * (at most MAX_WAIT_MS) and are read as one announcement, a summary when there are many. The
 * message list itself is no live region, so nothing is read twice and a page of history is not
 * read at all.
 */
import type { Message } from '../shared/types';
import { h } from './dom';
import { parseMessage, plainText } from './format/parse';
import { channelTitle, displayName, isMe, isMuted, mentionsMe } from './store/selectors';
import type { ReadonlyChatState } from './store/state';

const QUIET_MS = 1000;
const MAX_WAIT_MS = 3000;
/** Up to this many messages are read one by one; more become a summary. */
const LISTED_MAX = 3;
const TEXT_MAX = 140;
/** Message ids remembered so an echo or a repeat is not read again. */
const SEEN_MAX = 500;

export type Announcement = {
  who: string;
  /** Where it arrived when that is not the open conversation: a title, or `privately`. */
  where: string | undefined;
  text: string;
};

/** The lines to read for a batch: each message, or one summary for a burst. */
export function announcementLines(batch: readonly Announcement[]): string[] {
  if (batch.length <= LISTED_MAX) return batch.map(line);
  const senders = [...new Set(batch.map((item) => item.who))];
  const from = senders.length === 1 ? senders[0] : senders.length === 2 ? senders.join(' and ') : `${senders.length} people`;
  const places = [...new Set(batch.map((item) => item.where))];
  const only = places.length === 1 ? places[0] : undefined;
  const where =
    places.length > 1 ? ` in ${places.length} conversations` : only === 'privately' ? ', privately' : only ? ` in ${only}` : '';
  return [`${batch.length} new messages from ${from}${where}.`];
}

function line({ who, where, text }: Announcement): string {
  if (where === 'privately') return `${who}, privately: ${text}`;
  return where ? `${who} in ${where}: ${text}` : `${who}: ${text}`;
}

/** A message as heard: its plain text on one line, shortened; files said in words. */
export function spokenText(message: Message): string {
  const text = plainText(parseMessage(message.text)).replace(/\s+/g, ' ').trim();
  const files = message.attachments?.length ?? 0;
  if (text === '') return files === 1 ? 'sent a file' : `sent ${files} files`;
  return text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}…` : text;
}

export class MessageAnnouncer {
  /** The one live region: visually hidden, polite, read as a whole. */
  readonly region: HTMLElement;
  private batch: Announcement[] = [];
  private quiet: ReturnType<typeof setTimeout> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private readonly seen = new Set<string>();

  constructor(
    private readonly state: () => ReadonlyChatState,
    parent: HTMLElement = document.body,
  ) {
    this.region = h('div', {
      id: 'message-announcer',
      class: 'visually-hidden',
      'aria-live': 'polite',
      'aria-atomic': 'true',
    });
    parent.append(this.region);
  }

  /** A stored message reached the page (pushed, or the ack of one sent from another tab). */
  received(message: Message): void {
    const key = `${message.channelId}:${message.id}`;
    if (this.seen.has(key)) return;
    this.remember(key);
    const state = this.state();
    if (isMe(state, message.from) || message.deleted) return;
    const open = state.openChannelId === message.channelId;
    if (!open && isMuted(state, message.channelId) && !mentionsMe(state, message)) return;
    const channel = state.channels.get(message.channelId);
    const where = open || !channel ? undefined : channel.kind === 'direct' ? 'privately' : channelTitle(state, channel);
    this.batch.push({ who: displayName(state, message.from), where, text: spokenText(message) });
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.flush(), QUIET_MS);
    this.deadline ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
  }

  private flush(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.quiet = undefined;
    this.deadline = undefined;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    this.region.replaceChildren(...announcementLines(batch).map((text) => h('p', {}, text)));
  }

  private remember(key: string): void {
    this.seen.add(key);
    if (this.seen.size > SEEN_MAX) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
