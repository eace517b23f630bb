/**
 * Watches the presence of whom the page shows (`watchPresence`): the people search results, the
 * open room's members and the partners of the direct conversations, at most 200, in that order of
 * importance. On a large site the server tells presence only to those who share a conversation;
 * this keeps what the page shows beyond that live. The set is sent when it changes (debounced),
 * again after a reconnect (a new socket watches nothing), and the answer lands through the store.
 */
import { LIMITS } from '../shared/limits';
import type { Connection } from './connection';
import { isMe } from './store/selectors';
import { userKey, type ReadonlyChatState } from './store/state';
import type { Store } from './store/store';

const DEBOUNCE_MS = 300;

/** Whom the page shows, most important first, without me or repeats, at most `LIMITS.watchPresenceMax`. */
export function watchedUsernames(state: ReadonlyChatState, searchResults: readonly string[]): string[] {
  const open = state.openChannelId ? state.channels.get(state.openChannelId) : undefined;
  const roomMembers = open?.kind === 'room' ? (open.members ?? []) : [];
  const partners = [...state.channels.values()].filter((channel) => channel.kind === 'direct').map((channel) => channel.name);
  const unique = new Map<string, string>();
  for (const name of [...searchResults, ...roomMembers, ...partners]) {
    if (!isMe(state, name) && !unique.has(userKey(name))) unique.set(userKey(name), name);
  }
  return [...unique.values()].slice(0, LIMITS.watchPresenceMax);
}

export class PresenceWatch {
  private searchResults: readonly string[] = [];
  /** The set the server has (sorted keys; a new socket has none), or undefined when unknown. */
  private sent: string | undefined = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly connection: Pick<Connection, 'request'>,
    private readonly store: Store,
    private readonly delayMs = DEBOUNCE_MS,
  ) {}

  /** The people search shows these now. */
  setSearchResults(usernames: readonly string[]): void {
    this.searchResults = usernames;
    this.changed();
  }

  /** After each batch of the store's changes: sends the set if it is no longer the one watched. */
  changed(): void {
    if (this.keyOf(this.wanted()) === this.sent) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), this.delayMs);
  }

  /** A new socket watches nothing: the set goes again. */
  reconnected(): void {
    this.sent = '';
    this.changed();
  }

  private wanted(): string[] {
    return watchedUsernames(this.store.state, this.searchResults);
  }

  private keyOf(usernames: readonly string[]): string {
    return usernames.map(userKey).sort().join('\n');
  }

  private async send(): Promise<void> {
    const usernames = this.wanted();
    const key = this.keyOf(usernames);
    if (key === this.sent) return;
    this.sent = key;
    const reply = await this.connection.request('watchPresence', { usernames });
    if (!reply.ok) {
      // Offline or refused: the next change, or the reconnect, tries again.
      if (this.sent === key) this.sent = undefined;
      return;
    }
    if (this.sent !== key) return; // a newer set went meanwhile; its answer follows
    this.store.dispatch({ type: 'presenceWatched', usernames, users: reply.users });
  }
}
