/**
 * The page's wiring: builds the store, the modules that dispatch to it and the views, and renders
 * the state once per batch of the store's changes. The modules do the work: Conversations opens
 * them, ComposerActions acts on what is typed, LiveUpdates takes what the server pushes, Outbox
 * sends, HistoryLoader fetches pages, ReadMarker moves the read position, PreferenceToggles saves
 * the switches. A new feature is a module that makes its requests and dispatches actions
 * (store/actions.ts), a case in store/reducer.ts, selectors, and a view drawn by PageRenderer.
 */
import type { Message, User } from '../shared/types';
import { Alerts } from './alerts';
import { MessageAnnouncer } from './announcer';
import { AttachmentComposer } from './attachments/attachment-composer';
import { ComposerActions } from './composer-actions';
import { Connection, type ConnectionState } from './connection';
import { Conversations } from './conversations';
import { ComposerDrafts, DraftStore } from './drafts';
import { HistoryLoader } from './history-loader';
import { LiveUpdates } from './live-updates';
import { MessageActions } from './message-actions';
import { MentionLookup } from './mention-lookup';
import { MessageJump } from './message-jump';
import { Outbox } from './outbox';
import type { PageElements } from './page';
import { PageNavigation } from './page-navigation';
import { PageRenderer } from './page-renderer';
import { PreferenceToggles } from './preference-toggles';
import { PresenceWatch } from './presence-watch';
import type { ReactionPicker } from './reaction-picker';
import type { PreferenceStore } from './preferences';
import { ReactionRequests } from './reactions';
import { MentionAutocomplete } from './views/mention-autocomplete';
import { ReadMarker } from './read-marker';
import { SeenTracker } from './views/seen-tracker';
import { UnreadBar } from './views/unread-bar';
import { unreadBarState } from './store/unread-bar-state';
import { RoomDialogs } from './room-dialogs';
import { RoomRequests } from './room-requests';
import type { Chime } from './sounds';
import type { Action } from './store/actions';
import { firstLine, lastEditable, messageIn } from './store/message-selectors';
import { channelTitle, mentionCandidates, openChannel, timelineOf, totalUnread } from './store/selectors';
import { createState } from './store/state';
import { Store } from './store/store';
import { TypingSignal } from './typing-signal';
import { BannerView } from './views/banner';
import { ChannelListView } from './views/channel-list';
import { ComposerView } from './views/composer';
import { ConversationView, type MessageAction } from './views/conversation-view';
import { byId } from './dom';
import { DeleteDialog } from './views/delete-dialog';
import { EmptyStates } from './views/empty-states';
import { ReplyBar } from './views/reply-bar';
import { HeaderView } from './views/header';
import { MessageSearchView } from './views/message-search';
import { UserListView } from './views/user-list';
import { UserSearch } from './views/user-search';
import { describeError } from './errors';

/** Relative times and day labels age: the page re-renders this often with nothing new. */
const AGE_EVERY_MS = 30_000;

export class ChatApp {
  private readonly store: Store;
  private readonly connection: Connection;
  private readonly readMarker: ReadMarker;
  private readonly seen: SeenTracker;
  private readonly unreadBar: UnreadBar;
  private readonly typingSignal: TypingSignal;
  private readonly alerts: Alerts;
  private readonly conversations: Conversations;
  private readonly live: LiveUpdates;
  private readonly header: HeaderView;
  private readonly banner: BannerView;
  private readonly conversation: ConversationView;
  private readonly composer: ComposerView;
  private readonly renderer: PageRenderer;
  private readonly messageActions: MessageActions;
  private readonly deleteDialog = new DeleteDialog();
  /** What `React` opens: the emoji picker (a quick 👍 toggle until it exists). */
  private reactionPicker: ReactionPicker;
  /** `toggleReaction(channelId, messageId, emoji, on)`: for the message actions' `React`. */
  readonly reactions: ReactionRequests;
  private readonly jump: MessageJump;
  /** Each conversation's unsent text (drafts.ts). */
  private readonly drafts: ComposerDrafts;
  private readonly announcer: MessageAnnouncer;
  private readonly navigation: PageNavigation;
  private readonly presenceWatch: PresenceWatch;

  constructor(
    private readonly page: PageElements,
    me: User,
    preferences: PreferenceStore,
    chime: Chime,
    largeSite = false,
  ) {
    const store = (this.store = new Store(createState(me, preferences.value, largeSite)));
    this.connection = new Connection({
      onState: (state) => this.onConnectionState(state),
      onFirstConnect: () => void this.conversations.firstConnect(),
      onReconnect: () => {
        void this.conversations.reconnect();
        this.presenceWatch.reconnected();
      },
    });
    const { connection } = this;
    this.presenceWatch = new PresenceWatch(connection, store);
    const tell = (text: string, kind?: 'info' | 'error') => this.composer.showStatus(text, kind);
    const history = new HistoryLoader(connection, store);
    const outbox = new Outbox(connection, store, (message, from, to) => this.onDelivered(message, from, to));
    this.seen = new SeenTracker(page.conversation.list, page.conversation.scroller, () => this.readMarker.update());
    this.readMarker = new ReadMarker(connection, store, () => this.seen.newestVisible());
    this.unreadBar = new UnreadBar({
      jumpToFirstUnread: () => this.conversation.scrollToUnread(true),
      markAllRead: () => {
        this.readMarker.markAllRead();
        // The bar goes: focus stays in the conversation rather than falling to the page.
        page.conversation.scroller.focus({ preventScroll: true });
      },
    });
    page.conversation.scroller.after(this.unreadBar.element);
    this.typingSignal = new TypingSignal({ send: (event, channelId) => connection.signal(event, channelId) });
    this.alerts = new Alerts(() => store.state.preferences, chime);
    const requests = new RoomRequests(connection, store);
    this.conversations = new Conversations({
      connection,
      store,
      history,
      outbox,
      readMarker: this.readMarker,
      typingSignal: this.typingSignal,
      shown: (channelId, focusComposer, chosen) => {
        this.conversation.open(channelId);
        this.drafts.switchTo(channelId);
        if (chosen) this.navigation.conversationShown();
        if (focusComposer) this.composer.focus();
      },
      tell,
    });
    const conversations = this.conversations;
    const open = (channelId: string) => void conversations.open(channelId, true);
    const openDirect = (username: string) => void conversations.openDirect(username);
    const mentions = new MentionAutocomplete(page.composer.input, {
      candidates: () => mentionCandidates(store.state, store.state.openChannelId),
      // Everyone's members are all users, of whom the page of a large site knows only some (a
      // small site's page knows them all).
      asksServer: () => store.state.largeSite && openChannel(store.state)?.kind === 'everyone',
      lookup: new MentionLookup((query) => requests.findUsers(query)),
    });
    const isMention = (text: string) => mentions.isLeadingMention(text);
    const draftStore = new DraftStore(me.username);
    this.drafts = new ComposerDrafts(draftStore, {
      get text() {
        return page.composer.input.value;
      },
      setText: (text) => this.composer.setText(text),
      restore: (text) => this.composer.restore(text),
    });
    // Logging out is a plain form post: the drafts go before it leaves the page.
    page.logoutForm.addEventListener('submit', () => draftStore.clearAll());
    const composerActions = new ComposerActions({
      isMention,
      store,
      outbox,
      typingSignal: this.typingSignal,
      requests,
      tell,
      restore: (text) => this.drafts.restore(text),
      openChannel: open,
      openEveryone: () => conversations.openEveryone(),
    });

    const messageActions = (this.messageActions = new MessageActions({ connection, store, tell }));
    this.jump = new MessageJump({
      connection,
      store,
      open: (channelId) => conversations.open(channelId, false, { atUnread: false }),
      catchUp: (channelId) => history.catchUp(channelId),
      loadLatest: (channelId) => history.loadLatest(channelId),
    });
    const jump = this.jump;
    const searchView = new MessageSearchView({
      search: async (query, before) => {
        const reply = await connection.request('searchMessages', before === undefined ? { query } : { query, before });
        return reply.ok ? { messages: reply.messages, hasMore: reply.hasMore } : reply.error.message;
      },
      channelName: (channelId) => {
        const channel = store.state.channels.get(channelId);
        return channel ? channelTitle(store.state, channel) : 'A conversation';
      },
      open: (message) => {
        void jump.jumpToMessage(message.channelId, message.id).then((error) => {
          if (error) tell(`Could not open that message: ${error}`, 'error');
        });
      },
    });
    page.channelList.closest('aside')?.prepend(searchView.element);

    const toggles = new PreferenceToggles(store, preferences, tell);
    this.header = new HeaderView(page.header, {
      toggleSound: () => toggles.toggleSound(),
      toggleNotifications: () => void toggles.toggleNotifications(),
    });
    this.banner = new BannerView(page.banner);
    this.conversation = new ConversationView(page.conversation, {
      loadOlder: () => void conversations.loadOlder(),
      retry: (clientId) => store.state.openChannelId && outbox.retry(store.state.openChannelId, clientId),
      discard: (clientId) => store.state.openChannelId && outbox.discard(store.state.openChannelId, clientId),
      reachedBottom: () => this.readMarker.update(),
      toggleMute: () => toggles.toggleMute(),
      loadNewer: () => {
        const channelId = store.state.openChannelId;
        if (channelId)
          void jump.loadNewer(channelId).then((error) => error && tell(`Could not load newer messages: ${error}`, 'error'));
      },
      messageAction: (action, messageId, anchor) => this.onMessageAction(action, messageId, anchor),
      saveEdit: (messageId, text) => {
        const channelId = store.state.editing?.channelId;
        if (channelId) void messageActions.saveEdit(channelId, messageId, text);
      },
      cancelEdit: () => messageActions.cancelEdit(),
    });
    const attachments = new AttachmentComposer(page.attachments, {
      store,
      outbox,
      typingSignal: this.typingSignal,
      tell,
      restore: (text) => this.drafts.restore(text),
    });
    this.composer = new ComposerView(page.composer, {
      submit: (text) => {
        this.drafts.submitted();
        return attachments.submit(text) ?? composerActions.submit(text);
      },
      changed: (text) => this.drafts.changed(text),
      input: (text) => composerActions.input(text),
      arrowUpWhenEmpty: () => this.editLastMessage(),
      escape: () => {
        const channelId = store.state.openChannelId;
        if (!channelId || !store.state.replyingTo.has(channelId)) return false;
        messageActions.cancelReply(channelId);
        return true;
      },
      isMention,
      canSendEmpty: () => attachments.hasFiles(),
    });
    const views = {
      header: this.header,
      channelList: new ChannelListView(page.channelList, open),
      userList: new UserListView(page.userList, openDirect),
      userSearch: new UserSearch({
        ...page.search,
        directory: page.userList,
        find: async (query) => {
          const reply = await connection.request('findUsers', { query });
          return reply.ok ? reply.users : describeError('findUsers', reply.error.code);
        },
        pick: openDirect,
        shown: (usernames) => this.presenceWatch.setSearchResults(usernames),
      }),
      conversation: this.conversation,
      composer: this.composer,
      emptyStates: new EmptyStates(page.conversation.list, page.userList),
      replyBar: new ReplyBar(byId('reply-bar'), () => {
        const channelId = store.state.openChannelId;
        if (channelId) messageActions.cancelReply(channelId);
        this.composer.focus();
      }),
      rooms: new RoomDialogs({
        connection,
        store,
        requests,
        openChannel: open,
        openDirect,
        openEveryone: () => conversations.openEveryone(),
        tell,
        landing: page.composer.input,
      }),
    };
    this.reactions = new ReactionRequests({ connection, store, tell, setSkinTone: (tone) => toggles.setSkinTone(tone) });
    this.reactions.listen(page.conversation.list);
    this.reactionPicker = {
      open: (channelId, messageId, anchor) => this.reactions.openPicker(anchor, channelId, messageId),
    };
    this.renderer = new PageRenderer(views, () => store.state);
    this.announcer = new MessageAnnouncer(() => store.state);
    this.navigation = new PageNavigation({ page, store, requests, conversations, tell });
    store.subscribe((actions) => this.render(actions));

    this.live = new LiveUpdates({
      store,
      alerts: this.alerts,
      isReading: (channelId) => store.state.openChannelId === channelId && this.isReading(),
      refreshChannels: () => conversations.refreshChannels(),
      openChannel: open,
      openEveryone: () => conversations.openEveryone(),
      roomAppeared: (channel) => tell(`# ${channel.name} is now in your conversations.`),
    });
    this.live.register(connection.socket);
    this.listenToPage();
  }

  start(): void {
    this.header.setConnection('connecting');
    this.store.dispatch({ type: 'pageChanged' });
    this.connection.start();
    // Ready to type at once; not on touch screens, where focus would raise the keyboard unasked.
    if (!window.matchMedia('(pointer: coarse)').matches) this.composer.focus();
  }

  private listenToPage(): void {
    document.addEventListener('visibilitychange', () => {
      this.readMarker.update();
      if (document.visibilityState === 'hidden') this.typingSignal.stop();
      this.store.dispatch({ type: 'pageChanged' });
    });
    window.addEventListener('focus', () => this.readMarker.update());
    setInterval(() => this.store.dispatch({ type: 'pageChanged' }), AGE_EVERY_MS);
  }

  /** A message's Reply, React, Edit or Delete button, or a reply's quote. */
  private onMessageAction(action: MessageAction, messageId: string, anchor: HTMLElement): void {
    const { store, messageActions } = this;
    const channelId = store.state.openChannelId;
    if (!channelId) return;
    switch (action) {
      case 'reply':
        messageActions.startReply(channelId, messageId);
        this.composer.focus();
        break;
      case 'react':
        this.reactionPicker.open(channelId, messageId, anchor);
        break;
      case 'edit':
        messageActions.startEdit(channelId, messageId);
        break;
      case 'delete': {
        const message = messageIn(store.state, channelId, messageId);
        if (!message) return;
        this.deleteDialog.ask(
          firstLine(message.text),
          () => void messageActions.remove(channelId, messageId),
          this.conversation.rowOf(messageId),
        );
        break;
      }
      case 'quote':
        void this.jump.jumpToMessage(channelId, messageId).then((error) => {
          if (error) this.composer.showStatus(`Could not show the quoted message: ${error}`, 'error');
        });
        break;
    }
  }

  /** Up-arrow in the empty composer: edit the user's last message here, if any. */
  private editLastMessage(): boolean {
    const channelId = this.store.state.openChannelId;
    const message = channelId ? lastEditable(this.store.state, channelId) : undefined;
    if (!channelId || !message) return false;
    this.conversation.returnFocusAfterEdit(this.page.composer.input);
    this.messageActions.startEdit(channelId, message.id);
    return true;
  }

  /** The emoji picker replaces the quick 👍 toggle once it exists. */
  setReactionPicker(picker: ReactionPicker): void {
    this.reactionPicker = picker;
  }

  private onConnectionState(state: ConnectionState): void {
    this.header.setConnection(state);
    if (state === 'connected') this.banner.hide();
    else if (state === 'reconnecting') this.banner.show('Connection lost. Reconnecting…', 'warning');
    else if (state === 'signed-out') {
      this.banner.show('Your session has ended.', 'error', { href: '/login', text: 'Sign in again' });
      this.composer.setEnabled(false);
    }
    this.store.dispatch({ type: 'pageChanged' });
  }

  /** The server stored one of ours: it lands like any message; a private one says where it went. */
  private onDelivered(message: Message, fromChannelId: string, to: string | undefined): void {
    this.live.message(message);
    if (to !== undefined && message.channelId !== fromChannelId) {
      this.composer.showStatus(`Sent privately to ${to}.`);
    }
  }

  /** Whether the user sees the end of the open conversation right now. */
  private isReading(): boolean {
    // An empty list is "at the bottom" while its first page loads: nothing is being read then.
    const openId = this.store.state.openChannelId;
    const ready = openId !== undefined && timelineOf(this.store.state, openId)?.status === 'ready';
    return ready && document.visibilityState === 'visible' && this.conversation.isAtBottom();
  }

  /** The store's one subscriber: one render for every batch of actions; the user's own message scrolls to the end. */
  private render(actions: readonly Action[]): void {
    this.jump.afterActions(actions);
    for (const action of actions) if (action.type === 'messageReceived') this.announcer.received(action.message);
    const ownMessage = actions.some((action) => action.type === 'outboxAdded');
    // Before the conversation: opening at the divider leaves room for the bar.
    this.unreadBar.render(unreadBarState(this.store.state));
    this.renderer.render(ownMessage);
    this.presenceWatch.changed();
    this.seen.refresh();
    this.alerts.setUnreadTotal(totalUnread(this.store.state));
    this.readMarker.update();
  }
}
