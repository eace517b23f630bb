/**
 * Getting around the page: the phone's drawer and header menu, the skip links, the quick switcher
 * and the keyboard shortcuts (Ctrl+K, Alt+Up/Down, Escape). Built once by ChatApp; it opens
 * conversations through Conversations like every other control.
 */
import type { Conversations, Tell } from './conversations';
import { Drawer } from './drawer';
import { HeaderMenu } from './header-menu';
import { listenForShortcuts, neighbourChannelId } from './keyboard-shortcuts';
import type { PageElements } from './page';
import { createQuickSwitcher } from './quick-switch';
import type { RoomRequests } from './room-requests';
import { wireSkipLinks } from './skip-links';
import type { Store } from './store/store';

export type PageNavigationDeps = {
  page: PageElements;
  store: Store;
  requests: RoomRequests;
  conversations: Conversations;
  tell: Tell;
};

export class PageNavigation {
  private readonly drawer: Drawer;
  private readonly menu: HeaderMenu;

  constructor(deps: PageNavigationDeps) {
    const { page, store, conversations } = deps;
    this.drawer = new Drawer({ toggle: page.sidebarToggle, sidebar: page.sidebar, behind: [page.appHeader, page.main] });
    this.menu = new HeaderMenu(page.menuToggle, page.headerActions);
    const open = (channelId: string) => void conversations.open(channelId, true);
    const switcher = createQuickSwitcher({
      store,
      requests: deps.requests,
      openChannel: open,
      openDirect: (username) => void conversations.openDirect(username),
      tell: deps.tell,
      landing: page.composer.input,
    });
    wireSkipLinks(() => this.drawer.showConversations());
    listenForShortcuts({
      openSwitcher: () => {
        this.closeAll();
        switcher.open();
      },
      moveConversation: (step) => {
        const next = neighbourChannelId(store.state, step);
        if (next && next !== store.state.openChannelId) open(next);
      },
      closeOpen: () => {
        if (this.menu.isOpen) this.menu.close(true);
        else if (this.drawer.isOpen) this.drawer.close(true);
        else return false;
        return true;
      },
    });
  }

  /** A conversation was chosen: the drawer gives way to it. */
  conversationShown(): void {
    this.drawer.close(false);
  }

  private closeAll(): void {
    this.menu.close(false);
    this.drawer.close(false);
  }
}
