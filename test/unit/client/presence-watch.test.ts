import { expect } from 'chai';
import { PresenceWatch, watchedUsernames } from '../../../src/client/presence-watch';
import { reduce } from '../../../src/client/store/reducer';
import { sortedUsers } from '../../../src/client/store/selectors';
import { createState, type ChatState } from '../../../src/client/store/state';
import { Store } from '../../../src/client/store/store';
import type { Channel, User } from '../../../src/shared/types';

const user = (username: string, online = true): User => ({ username, online });
const direct = (id: string, name: string): Channel => ({ id, kind: 'direct', name, unread: 0, mentions: 0 });
const room = (id: string, members: string[]): Channel => ({ id, kind: 'room', name: id, members, unread: 0, mentions: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stateWith(channels: Channel[], openChannelId?: string): ChatState {
  const state = createState(user('me'));
  reduce(state, { type: 'channelsLoaded', channels });
  if (openChannelId) reduce(state, { type: 'channelOpened', channelId: openChannelId });
  return state;
}

describe('Presence watch (client)', () => {
  describe('watchedUsernames', () => {
    it('takes search results, then the open room’s members, then partners; no repeats, never me', () => {
      const state = stateWith([direct('d1', 'Zed'), direct('d2', 'amy'), room('r1', ['me', 'bo', 'AMY'])], 'r1');
      expect(watchedUsernames(state, ['cy', 'ME', 'zed'])).to.deep.equal(['cy', 'zed', 'bo', 'AMY']);
    });

    it('watches no room when a direct conversation is open, and at most 200', () => {
      const many = Array.from({ length: 250 }, (_, i) => `p${i}`);
      const state = stateWith([room('r1', many), direct('d1', 'zed')], 'd1');
      expect(watchedUsernames(state, [])).to.deep.equal(['zed']);
      expect(watchedUsernames(stateWith([room('r1', many)], 'r1'), ['first']))
        .to.have.length(200)
        .and.include('first');
    });
  });

  describe('the people panel', () => {
    it('lists those told unasked and those watched now; someone no longer watched stays known but unlisted', () => {
      const state = createState(user('me'));
      reduce(state, { type: 'usersLoaded', users: [user('me'), user('partner')] });
      reduce(state, { type: 'presenceWatched', usernames: ['Found', 'ghost'], users: [user('found', false)] });
      reduce(state, { type: 'userUpdated', user: user('found', true) });
      reduce(state, { type: 'userUpdated', user: user('newcomer', true) });
      expect(sortedUsers(state).map((u) => u.username)).to.deep.equal(['found', 'newcomer', 'partner']);
      reduce(state, { type: 'presenceWatched', usernames: [], users: [] });
      expect(sortedUsers(state).map((u) => u.username)).to.deep.equal(['newcomer', 'partner']);
      expect(state.users.get('found')).to.deep.equal(user('found', true));
    });
  });

  describe('PresenceWatch', () => {
    type Sent = { usernames: string[] };
    function setUp(channels: Channel[]) {
      const store = new Store(stateWith(channels), (flush) => flush());
      const sent: Sent[] = [];
      const connection = {
        request: async (_event: 'watchPresence', payload: Sent) => {
          sent.push(payload);
          return { ok: true as const, users: payload.usernames.map((name) => user(name, false)) };
        },
      };
      // The fake answers like the server; its type is the one request this module makes.
      const watch = new PresenceWatch(connection as never, store, 5);
      return { store, sent, watch };
    }

    it('sends a changed set once after a pause, nothing when unchanged, and again after a reconnect', async () => {
      const { store, sent, watch } = setUp([direct('d1', 'zed')]);
      watch.changed();
      watch.setSearchResults(['amy']);
      await sleep(20);
      expect(sent).to.deep.equal([{ usernames: ['amy', 'zed'] }]);
      expect([...store.state.watching]).to.deep.equal(['amy', 'zed']);
      watch.changed();
      watch.setSearchResults(['AMY']);
      await sleep(20);
      expect(sent).to.have.length(1);
      watch.reconnected();
      await sleep(20);
      expect(sent).to.have.length(2);
    });

    it('sends nothing for a page that shows nobody', async () => {
      const { sent, watch } = setUp([]);
      watch.changed();
      await sleep(20);
      expect(sent).to.deep.equal([]);
    });
  });
});
