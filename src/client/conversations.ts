/**
 * Which conversation is open and keeping the list of them: opening one (by id, with a user, or
 * Everyone), reading the channel list, loading older pages, and what a first connect and every
 * reconnect must fetch. State changes go through the store; this module makes the requests.
 */
import type { Connection } from './connection';
import type { HistoryLoader } from './history-loader';
import type { Outbox } from './outbox';
import { recallOpenChannel, rememberOpenChannel } from './preferences';
import type { ReadMarker } from './read-marker';
import { directWith, everyoneChannel, isMe, timelineOf } from './store/selectors';
import type { Store } from './store/store';
import { reachesUnread } from './store/unread';
import type { TypingSignal } from './typing-signal';

/** A short line under the composer. */
export type Tell = (text: string, kind?: 'info' | 'error') => void;

export type ConversationsDeps = {
  connection: Connection;
  store: Store;
  history: HistoryLoader;
  outbox: Outbox;
  readMarker: ReadMarker;
  typingSignal: TypingSignal;
  /**
   * The page's side of opening one: show it, maybe focus the composer, and close the phone's
   * drawer when a person chose it (an automatic opening leaves a drawer they opened alone).
   */
  shown(channelId: string, focusComposer: boolean, chosen: boolean): void;
  tell: Tell;
};

/** After a failed first listing of the conversations, the next try waits this long. */
const FIRST_CONNECT_RETRY_MS = 3000;

export class Conversations {
  private channelsRefresh: Promise<void> | undefined;

  constructor(private readonly deps: ConversationsDeps) {}

  /** The first connection: list the conversations and open the one this tab had open, or Everyone. */
  async firstConnect(): Promise<void> {
    const { store, tell } = this.deps;
    await this.refreshChannels();
    if (store.state.channels.size === 0) {
      // The server could not list them (a backend hiccup): try again shortly.
      tell('Could not load your conversations. Trying again…', 'error');
      setTimeout(() => void this.firstConnect(), FIRST_CONNECT_RETRY_MS);
      return;
    }
    tell('');
    const saved = recallOpenChannel();
    const start = (saved && store.state.channels.get(saved)) || everyoneChannel(store.state);
    if (start) await this.open(start.id, false, { chosen: false });
  }

  /** Every later connection: catch up on each loaded conversation, then send what waited. */
  async reconnect(): Promise<void> {
    const { store, history } = this.deps;
    await this.refreshChannels();
    const loaded = [...store.state.timelines.values()].filter((timeline) => timeline.status === 'ready');
    // The open conversation first: it is the one being looked at.
    const openId = store.state.openChannelId;
    loaded.sort((a, b) => Number(b.channelId === openId) - Number(a.channelId === openId));
    for (const timeline of loaded) await history.catchUp(timeline.channelId);
    const open = store.state.openChannelId;
    if (open && timelineOf(store.state, open)?.status === 'empty') await history.loadLatest(open);
    await this.deps.outbox.flush();
    this.deps.readMarker.update();
  }

  /** Re-reads the channel list; concurrent callers share one request. */
  refreshChannels(): Promise<void> {
    const { store } = this.deps;
    this.channelsRefresh ??= this.deps.connection
      .request('channels')
      .then((reply) => {
        if (reply.ok) {
          store.dispatch({ type: 'channelsLoaded', channels: reply.channels });
          const open = store.state.openChannelId;
          if (open && !store.state.channels.has(open)) this.openEveryone();
        }
        store.dispatch({ type: 'pageChanged' });
      })
      .finally(() => {
        this.channelsRefresh = undefined;
      });
    return this.channelsRefresh;
  }

  openEveryone(): void {
    const everyone = everyoneChannel(this.deps.store.state);
    if (everyone) void this.open(everyone.id, false, { chosen: false });
  }

  /**
   * Opens a conversation; one opened anew with unread messages starts at the first of them (the
   * reducer places the divider). `atUnread: false` keeps a window of history just loaded (a jump
   * to a message). `chosen: false` is the page's own choice (the first conversation, or Everyone
   * after leaving a room), made while the person may be looking at the drawer.
   */
  async open(channelId: string, focusComposer: boolean, { atUnread = true, chosen = true } = {}): Promise<void> {
    const { store } = this.deps;
    const channel = store.state.channels.get(channelId);
    if (!channel) return;
    if (store.state.openChannelId !== channelId) {
      this.deps.typingSignal.stop();
      const held = timelineOf(store.state, channelId);
      // Held messages that do not reach back to the first unread one: load afresh from the latest.
      if (atUnread && held?.status === 'ready' && !reachesUnread(held, channel.unread, store.state.me.username)) {
        store.dispatch({ type: 'historyReset', channelId });
      }
    }
    store.dispatch({ type: 'channelOpened', channelId });
    rememberOpenChannel(channelId);
    this.deps.shown(channelId, focusComposer, chosen);
    const error = await this.deps.history.loadLatest(channelId);
    if (error && store.state.openChannelId === channelId) this.deps.tell(error, 'error');
    store.dispatch({ type: 'pageChanged' });
  }

  async openDirect(username: string): Promise<void> {
    const { store } = this.deps;
    if (isMe(store.state, username)) return;
    const known = directWith(store.state, username);
    if (known) return this.open(known.id, true);
    const result = await this.deps.history.openWith(username);
    if (typeof result === 'string') {
      this.deps.tell(result, 'error');
      return;
    }
    await this.open(result.id, true);
  }

  async loadOlder(): Promise<void> {
    const channelId = this.deps.store.state.openChannelId;
    if (!channelId) return;
    const error = await this.deps.history.loadOlder(channelId);
    if (error) this.deps.tell(error, 'error');
  }
}
