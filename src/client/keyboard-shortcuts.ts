/**
 * The page's keyboard shortcuts, listened for on the whole document: Ctrl+K or ⌘K opens the quick
 * switcher, Alt+Up and Alt+Down open the previous and next conversation in the sidebar's order,
 * and Escape closes what is open (dialogs and the emoji picker close themselves; here the menu and
 * the drawer). Search messages keeps its own (Ctrl+Shift+F and `/`, message-search.ts). Nothing
 * acts while a modal dialog is open, or on a key another handler already took.
 */
import { sortedChannels } from './store/selectors';
import type { ReadonlyChatState } from './store/state';

export type ShortcutDeps = {
  openSwitcher(): void;
  /** Opens the conversation `step` places away in the sidebar (none past either end). */
  moveConversation(step: 1 | -1): void;
  /** Escape: closes the menu or the drawer; returns whether one was open. */
  closeOpen(): boolean;
};

export function listenForShortcuts(deps: ShortcutDeps): void {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    const modal = document.querySelector('dialog[open]') !== null;
    const command = event.ctrlKey || event.metaKey;
    if (command && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
      event.preventDefault(); // the browser's own Ctrl+K (its search bar) too
      if (!modal) deps.openSwitcher();
    } else if (modal) {
      return;
    } else if (event.altKey && !command && !event.shiftKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      deps.moveConversation(event.key === 'ArrowUp' ? -1 : 1);
    } else if (event.key === 'Escape' && !(event.target instanceof Element && event.target.closest('.reaction-picker'))) {
      if (deps.closeOpen()) event.preventDefault();
    }
  });
}

/** The id of the conversation `step` places from the open one in the sidebar's order, if any. */
export function neighbourChannelId(state: ReadonlyChatState, step: number): string | undefined {
  const order = sortedChannels(state);
  const index = order.findIndex((channel) => channel.id === state.openChannelId);
  return index === -1 ? order[0]?.id : order[index + step]?.id;
}
