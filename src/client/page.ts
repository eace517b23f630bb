/**
 * The elements of views/chat.ejs the client works with, looked up once by id. A missing id is a
 * template bug and fails loudly at start.
 */
import { byId } from './dom';
import type { ComposerElements } from './views/composer';
import type { ConversationElements } from './views/conversation-view';
import type { HeaderElements } from './views/header';

export type PageElements = {
  header: HeaderElements;
  banner: HTMLElement;
  appHeader: HTMLElement;
  /** The phone's Menu button and the header actions it folds (header-menu.ts). */
  menuToggle: HTMLButtonElement;
  headerActions: HTMLElement;
  logoutForm: HTMLFormElement;
  sidebarToggle: HTMLButtonElement;
  sidebar: HTMLElement;
  main: HTMLElement;
  channelList: HTMLElement;
  userList: HTMLElement;
  search: { input: HTMLInputElement; results: HTMLElement; status: HTMLElement };
  conversation: ConversationElements;
  composer: ComposerElements;
  attachments: { input: HTMLInputElement; tray: HTMLElement; dropZone: HTMLElement };
};

export function findPageElements(): PageElements {
  return {
    header: {
      me: byId('me'),
      connection: byId('connection-state'),
      soundToggle: byId<HTMLButtonElement>('sound-toggle'),
      notifyToggle: byId<HTMLButtonElement>('notify-toggle'),
    },
    banner: byId('banner'),
    appHeader: byId('app-header'),
    menuToggle: byId<HTMLButtonElement>('header-menu-toggle'),
    headerActions: byId('header-actions'),
    logoutForm: byId<HTMLFormElement>('logout-form'),
    sidebarToggle: byId<HTMLButtonElement>('sidebar-toggle'),
    sidebar: byId('sidebar'),
    main: byId('main'),
    channelList: byId('channel-list'),
    userList: byId('user-list'),
    search: {
      input: byId<HTMLInputElement>('user-search'),
      results: byId('search-results'),
      status: byId('search-status'),
    },
    conversation: {
      title: byId('conversation-title'),
      meta: byId('conversation-meta'),
      muteToggle: byId<HTMLButtonElement>('mute-toggle'),
      scroller: byId('message-scroller'),
      list: byId('message-list'),
      historyStatus: byId('history-status'),
      loadOlder: byId<HTMLButtonElement>('load-older'),
      newMessages: byId<HTMLButtonElement>('new-messages'),
      typing: byId('typing'),
    },
    composer: {
      form: byId<HTMLFormElement>('composer'),
      input: byId<HTMLTextAreaElement>('message-input'),
      hint: byId('composer-hint'),
      status: byId('composer-status'),
    },
    attachments: {
      input: byId<HTMLInputElement>('attach-files'),
      tray: byId('attachment-tray'),
      dropZone: byId('main'),
    },
  };
}
