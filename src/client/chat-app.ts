/**
 * The page's controller: takes what the server says (events and acks) and what the user does,
 * updates the state, and has the views render it. Rendering is batched into one pass per task.
 */
import type { Message, User } from '../shared/types';
import { Alerts } from './alerts';
import { parseComposerText } from './composer-intent';
import { Connection, type ConnectionState } from './connection';
import { HistoryLoader } from './history-loader';
import { LiveUpdates } from './live-updates';
import { requestNotificationPermission } from './notifications';
import { Outbox } from './outbox';
import type { PageElements } from './page';
import { PageRenderer } from './page-renderer';
import { recallOpenChannel, rememberOpenChannel, type PreferenceStore } from './preferences';
import { ReadMarker } from './read-marker';
import { isFailure } from './room-commands';
import { RoomControls } from './room-controls';
import type { Chime } from './sounds';
import { ChatState } from './state';
import { TypingSignal } from './typing-signal';
import { BannerView } from './views/banner';
import { ChannelListView } from './views/channel-list';
import { ComposerView } from './views/composer';
import { ConversationView } from './views/conversation-view';
import { HeaderView } from './views/header';
import { UserListView } from './views/user-list';
import { UserSearch } from './views/user-search';

export class ChatApp {
  private readonly state: ChatState;
  private readonly connection: Connection;
  private readonly history: HistoryLoader;
  private readonly outbox: Outbox;
  private readonly readMarker: ReadMarker;
  private readonly typingSignal: TypingSignal;
  private readonly alerts: Alerts;
  private readonly live: LiveUpdates;
  private readonly header: HeaderView;
  private readonly banner: BannerView;
  private readonly conversation: ConversationView;
  private readonly composer: ComposerView;
  private readonly rooms: RoomControls;
  private readonly renderer: PageRenderer;
  private renderQueued = false;
  private scrollToEnd = false;
  private channelsRefresh: Promise<void> | undefined;

  constructor(
    private readonly page: PageElements,
    me: User,
    private readonly preferences: PreferenceStore,
    chime: Chime,
  ) {
    this.state = new ChatState(me);
    this.connection = new Connection({
      onState: (state) => this.onConnectionState(state),
      onFirstConnect: () => void this.onFirstConnect(),
      onReconnect: () => void this.onReconnect(),
    });
    const changed = () => this.invalidate();
    this.history = new HistoryLoader(this.connection, this.state, changed);
    this.outbox = new Outbox(this.connection, this.state, {
      changed: (_channelId, own) => this.invalidate(own),
      delivered: (message, fromChannelId, to) => this.onDelivered(message, fromChannelId, to),
    });
    this.readMarker = new ReadMarker(this.connection, this.state, () => this.isReading(), changed);
    this.typingSignal = new TypingSignal({ send: (event, channelId) => this.connection.signal(event, channelId) });
    this.alerts = new Alerts(preferences, chime);
    this.header = new HeaderView(page.header, {
      toggleSound: () => {
        preferences.setSound(!preferences.sound);
        this.invalidate();
      },
      toggleNotifications: () => void this.toggleNotifications(),
    });
    this.banner = new BannerView(page.banner);
    const channelList = new ChannelListView(page.channelList, (channelId) => void this.openChannel(channelId, true));
    const userList = new UserListView(page.userList, (username) => void this.openDirect(username));
    const userSearch = new UserSearch({
      ...page.search,
      directory: page.userList,
      find: async (query) => {
        const reply = await this.connection.request('findUsers', { query });
        return reply.ok ? reply.users : reply.error.message;
      },
      pick: (username) => void this.openDirect(username),
    });
    this.conversation = new ConversationView(page.conversation, {
      loadOlder: () => void this.loadOlder(),
      retry: (clientId) => this.state.openChannelId && this.outbox.retry(this.state.openChannelId, clientId),
      discard: (clientId) => this.state.openChannelId && this.outbox.discard(this.state.openChannelId, clientId),
      reachedBottom: () => this.readMarker.update(),
      toggleMute: () => this.toggleMute(),
    });
    this.composer = new ComposerView(page.composer, {
      submit: (text) => this.submit(text),
      input: (text) => this.onComposerInput(text),
    });
    this.rooms = new RoomControls({
      connection: this.connection,
      state: this.state,
      changed,
      openChannel: (channelId) => void this.openChannel(channelId, true),
      openDirect: (username) => void this.openDirect(username),
      openEveryone: () => this.openEveryone(),
      tell: (text) => this.composer.showStatus(text),
      landing: page.composer.input,
    });
    const views = {
      header: this.header,
      channelList,
      userList,
      userSearch,
      conversation: this.conversation,
      composer: this.composer,
      rooms: this.rooms,
    };
    this.renderer = new PageRenderer(views, this.state, preferences);
    this.live = new LiveUpdates({
      state: this.state,
      alerts: this.alerts,
      isReading: (channelId) => this.state.openChannelId === channelId && this.isReading(),
      refreshChannels: () => this.refreshChannels(),
      openChannel: (channelId) => void this.openChannel(channelId, true),
      openEveryone: () => this.openEveryone(),
      roomAppeared: (channel) => this.composer.showStatus(`# ${channel.name} is now in your conversations.`),
      invalidate: changed,
    });
    this.live.register(this.connection.socket);
    page.sidebarToggle.addEventListener('click', () => {
      const open = !document.body.classList.contains('sidebar-open');
      this.setSidebarOpen(open);
      if (open) page.channelList.querySelector('button')?.focus();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && document.body.classList.contains('sidebar-open')) {
        this.setSidebarOpen(false);
        page.sidebarToggle.focus();
      }
    });
    document.addEventListener('visibilitychange', () => this.onVisibilityChange());
    window.addEventListener('focus', () => this.readMarker.update());
    setInterval(() => this.invalidate(), 30_000); // relative times and day labels age
  }

  start(): void {
    this.header.setConnection('connecting');
    this.invalidate();
    this.connection.start();
  }

  private async onFirstConnect(): Promise<void> {
    await this.refreshChannels();
    if (this.state.channels.size === 0) {
      // The server could not list them (a backend hiccup): try again shortly.
      this.composer.showStatus('Could not load your conversations. Trying again…', 'error');
      setTimeout(() => void this.onFirstConnect(), 3000);
      return;
    }
    this.composer.showStatus('');
    const saved = recallOpenChannel();
    const everyone = [...this.state.channels.values()].find((channel) => channel.kind === 'everyone');
    const start = (saved && this.state.channels.get(saved)) || everyone;
    if (start) await this.openChannel(start.id, false);
  }

  private async onReconnect(): Promise<void> {
    await this.refreshChannels();
    const loaded = [...this.state.timelines.values()].filter((timeline) => timeline.status === 'ready');
    // The open conversation first: it is the one being looked at.
    loaded.sort((a, b) => Number(b.channelId === this.state.openChannelId) - Number(a.channelId === this.state.openChannelId));
    for (const timeline of loaded) await this.history.catchUp(timeline.channelId);
    const open = this.state.openChannelId;
    if (open && this.state.timelines.get(open)?.status === 'empty') await this.history.loadLatest(open);
    await this.outbox.flush();
    this.readMarker.update();
  }

  private onConnectionState(state: ConnectionState): void {
    this.header.setConnection(state);
    if (state === 'connected') this.banner.hide();
    else if (state === 'reconnecting') this.banner.show('Connection lost. Reconnecting…', 'warning');
    else if (state === 'signed-out') {
      this.banner.show('Your session has ended.', 'error', { href: '/login', text: 'Sign in again' });
      this.composer.setEnabled(false);
    }
    this.invalidate();
  }

  /** Re-reads the channel list; concurrent callers share one request. */
  private refreshChannels(): Promise<void> {
    this.channelsRefresh ??= this.connection
      .request('channels')
      .then((reply) => {
        if (reply.ok) {
          this.state.setChannels(reply.channels);
          const open = this.state.openChannelId;
          if (open && !this.state.channels.has(open)) this.openEveryone();
        }
        this.invalidate();
      })
      .finally(() => {
        this.channelsRefresh = undefined;
      });
    return this.channelsRefresh;
  }

  private onDelivered(message: Message, fromChannelId: string, to: string | undefined): void {
    this.live.message(message);
    if (to !== undefined && message.channelId !== fromChannelId) {
      this.composer.showStatus(`Sent privately to ${to}.`);
    }
  }

  private openEveryone(): void {
    const everyone = [...this.state.channels.values()].find((channel) => channel.kind === 'everyone');
    if (everyone) void this.openChannel(everyone.id, false);
  }

  async openChannel(channelId: string, focusComposer: boolean): Promise<void> {
    if (!this.state.channels.has(channelId)) return;
    if (this.state.openChannelId !== channelId) this.typingSignal.stop();
    this.state.openChannelId = channelId;
    rememberOpenChannel(channelId);
    this.conversation.open(channelId);
    this.setSidebarOpen(false);
    if (focusComposer) this.composer.focus();
    this.invalidate();
    const error = await this.history.loadLatest(channelId);
    if (error && this.state.openChannelId === channelId) this.composer.showStatus(error, 'error');
    this.invalidate();
  }

  async openDirect(username: string): Promise<void> {
    if (this.state.isMe(username)) return;
    const known = this.state.directWith(username);
    if (known) return this.openChannel(known.id, true);
    const result = await this.history.openWith(username);
    if (typeof result === 'string') {
      this.composer.showStatus(`Could not open the conversation with ${username}: ${result}`, 'error');
      return;
    }
    this.state.touch(result.id);
    await this.openChannel(result.id, true);
  }

  private async loadOlder(): Promise<void> {
    const channelId = this.state.openChannelId;
    if (!channelId) return;
    const error = await this.history.loadOlder(channelId);
    if (error) this.composer.showStatus(`Could not load older messages: ${error}`, 'error');
  }

  private submit(raw: string): boolean {
    const channelId = this.state.openChannelId;
    const intent = parseComposerText(raw);
    switch (intent.kind) {
      case 'empty':
        return false;
      case 'help':
        this.composer.showStatus(
          'Enter sends, Shift+Enter adds a line. “@name message” sends privately. /nick Name sets your nickname.',
        );
        return true;
      case 'nick':
        this.typingSignal.stop();
        void this.setNickname(intent.nickname, raw);
        return true;
      case 'private':
        if (this.state.isMe(intent.to)) {
          this.composer.showStatus('That is you: name someone else after the @.', 'error');
          return false;
        }
        if (!channelId) return false;
        this.typingSignal.stop();
        this.outbox.send(channelId, intent.text, intent.to);
        return true;
      case 'message':
        if (!channelId) return false;
        this.typingSignal.stop();
        this.outbox.send(channelId, intent.text);
        return true;
    }
  }

  private onComposerInput(text: string): void {
    const channelId = this.state.openChannelId;
    const intent = parseComposerText(text);
    if (channelId && intent.kind === 'message') this.typingSignal.keystroke(channelId);
    else this.typingSignal.stop();
  }

  private async setNickname(nickname: string | null, raw: string): Promise<void> {
    const result = await this.rooms.commands.setNickname(nickname);
    if (isFailure(result)) {
      this.composer.showStatus(`Nickname not changed: ${result.message}`, 'error');
      this.composer.restore(raw);
    } else {
      this.composer.showStatus(result.nickname ? `Your nickname is now ${result.nickname}.` : 'Your nickname is cleared.');
    }
  }

  private toggleMute(): void {
    const channelId = this.state.openChannelId;
    if (!channelId) return;
    this.preferences.setMuted(channelId, !this.preferences.isMuted(channelId));
    this.invalidate();
  }

  private async toggleNotifications(): Promise<void> {
    if (this.preferences.notifications) {
      this.preferences.setNotifications(false);
    } else if (await requestNotificationPermission()) {
      this.preferences.setNotifications(true);
    } else {
      this.composer.showStatus('Desktop notifications are blocked by the browser for this site.', 'error');
    }
    this.invalidate();
  }

  private onVisibilityChange(): void {
    this.readMarker.update();
    if (document.visibilityState === 'hidden') this.typingSignal.stop();
    this.invalidate();
  }

  private setSidebarOpen(open: boolean): void {
    document.body.classList.toggle('sidebar-open', open);
    this.page.sidebarToggle.setAttribute('aria-expanded', String(open));
  }

  /** Whether the user sees the end of the open conversation right now. */
  private isReading(): boolean {
    return document.visibilityState === 'visible' && this.conversation.isAtBottom();
  }

  /** Schedules one render for everything changed in this task; `ownMessage` scrolls to the end. */
  private invalidate(ownMessage = false): void {
    if (ownMessage) this.scrollToEnd = true;
    this.alerts.setUnreadTotal(this.state.totalUnread());
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    const ownMessage = this.scrollToEnd;
    this.scrollToEnd = false;
    this.renderer.render(ownMessage);
    this.alerts.setUnreadTotal(this.state.totalUnread());
    this.readMarker.update();
  }
}
