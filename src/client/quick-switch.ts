/**
 * The quick switcher's side of the page: what it lists (the state's conversations and people, then
 * the server's matching people and public rooms) and what choosing does: open a conversation,
 * start one with a person, or join a room and open it.
 */
import type { Tell } from './conversations';
import { describeError } from './errors';
import { isFailure, type RoomRequests } from './room-requests';
import type { Store } from './store/store';
import { localItems, normalizeQuery, remoteItems } from './switcher-items';
import { QuickSwitcher } from './views/quick-switcher';

export type QuickSwitchDeps = {
  store: Store;
  requests: Pick<RoomRequests, 'findUsers' | 'search' | 'join'>;
  openChannel(channelId: string): void;
  openDirect(username: string): void;
  tell: Tell;
  /** The composer: focus lands there once a conversation is chosen. */
  landing: HTMLElement;
};

export function createQuickSwitcher(deps: QuickSwitchDeps): QuickSwitcher {
  const { store, requests } = deps;
  return new QuickSwitcher({
    local: (query) => localItems(store.state, query),
    remote: async (query) => {
      const name = normalizeQuery(query);
      if (name === '') return [];
      const [users, rooms] = await Promise.all([requests.findUsers(name), requests.search(name)]);
      return remoteItems(store.state, query, isFailure(users) ? [] : users, isFailure(rooms) ? [] : rooms);
    },
    choose: (item) => {
      if (item.kind === 'person' && item.username) deps.openDirect(item.username);
      else if (item.kind === 'room' && item.channelId) void join(deps, item.channelId);
      else if (item.channelId) deps.openChannel(item.channelId);
    },
    landing: deps.landing,
  });
}

async function join(deps: QuickSwitchDeps, channelId: string): Promise<void> {
  const joined = await deps.requests.join(channelId);
  if (isFailure(joined)) {
    deps.tell(describeError('join', joined.code), 'error');
    return;
  }
  deps.tell(`You joined # ${joined.name}.`);
  deps.openChannel(joined.id);
}
