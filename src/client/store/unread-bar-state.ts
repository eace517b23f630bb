/** What the unread bar shows for the open conversation (views/unread-bar.ts): pure. */
import { openChannel, timelineOf } from './selectors';
import type { ReadonlyChatState } from './state';

/** What the bar shows; undefined hides it. `canJump`: the divider is in the conversation. */
export type UnreadBarState = { unread: number; canJump: boolean } | undefined;

/** Shown while the open conversation, loaded, has unread messages. */
export function unreadBarState(state: ReadonlyChatState): UnreadBarState {
  const channel = openChannel(state);
  if (!channel || channel.unread <= 0 || timelineOf(state, channel.id)?.status !== 'ready') return undefined;
  return { unread: channel.unread, canJump: state.unreadFrom.has(channel.id) };
}
