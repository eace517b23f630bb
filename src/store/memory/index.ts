/** The in-memory stores: the whole chat domain's storage in one process, for the Engine's unit tests. */
import type { ChannelStore, MessageStore, PresenceStore, RoomEventStore, TypingStore, UserStore } from '../../chat/ports';
import { MemoryChannelStore } from './channel-store';
import { MemoryMessageStore } from './message-store';
import { MemoryPresenceStore } from './presence-store';
import { MemoryRoomEventStore } from './room-event-store';
import { createMemoryState } from './state';
import { MemoryTypingStore } from './typing-store';
import { MemoryUserStore } from './user-store';

export { MemoryChannelStore, MemoryMessageStore, MemoryPresenceStore, MemoryRoomEventStore, MemoryTypingStore, MemoryUserStore };

export type MemoryStores = {
  users: UserStore;
  channels: ChannelStore;
  messages: MessageStore;
  roomEvents: RoomEventStore;
  presence: PresenceStore;
  typing: TypingStore;
};

/** Fresh, empty stores sharing one data set (with its `everyone` channel, as after the migrations). */
export function createMemoryStores(options: { now?: () => number } = {}): MemoryStores {
  const now = options.now ?? Date.now;
  const state = createMemoryState(now());
  return {
    users: new MemoryUserStore(state),
    channels: new MemoryChannelStore(state),
    messages: new MemoryMessageStore(state),
    roomEvents: new MemoryRoomEventStore(state),
    presence: new MemoryPresenceStore(),
    typing: new MemoryTypingStore(now),
  };
}
