/**
 * The unread start of a conversation (issue 14, defect 2), without a browser: where the divider
 * goes, when held messages reach back far enough, and how the count follows what was seen.
 */
import { expect } from 'chai';
import type { Channel, Message } from '../../../src/shared/types';
import type { Action } from '../../../src/client/store/actions';
import { reduce } from '../../../src/client/store/reducer';
import { createState, type ChatState } from '../../../src/client/store/state';
import { firstUnreadId, reachesUnread, unreadAfter } from '../../../src/client/store/unread';
import { unreadBarState } from '../../../src/client/store/unread-bar-state';

const me = { username: 'me', online: true };
const message = (id: number, from = 'bob', mentions?: string[]): Message => ({
  id: String(id),
  channelId: 'd1',
  from,
  text: `message ${id}`,
  sentAt: '2025-03-12T10:00:00.000Z',
  ...(mentions ? { mentions } : {}),
});
const direct = (unread: number): Channel => ({ id: 'd1', kind: 'direct', name: 'bob', unread, mentions: 0 });
const everyone: Channel = { id: 'e1', kind: 'everyone', name: 'Everyone', unread: 0, mentions: 0 };
const held = (messages: Message[], hasMore = false) => ({ status: 'ready' as const, messages, hasMore, hasNewer: false });
const range = (from: number, to: number, sender = 'bob') =>
  Array.from({ length: to - from + 1 }, (_, index) => message(from + index, sender));

function run(actions: Action[]): ChatState {
  const state = createState(me);
  for (const action of actions) reduce(state, action);
  return state;
}

describe('unread start', () => {
  it('finds the first unread message as the unread-th from others, counted from the end', () => {
    const messages = [...range(1, 5), message(6, 'me'), ...range(7, 9)];
    expect(firstUnreadId(held(messages), 3, 'me')).to.equal('7');
    expect(firstUnreadId(held(messages), 0, 'me')).to.equal(undefined);
    // My own messages are never unread: they are stepped over (ignoring case).
    expect(firstUnreadId(held([...range(1, 3), message(4, 'ME'), ...range(5, 6)]), 4, 'me')).to.equal('2');
  });

  it('needs older pages when the held messages do not reach the first unread, unless none exist', () => {
    expect(reachesUnread(held(range(16, 65), true), 65, 'me')).to.equal(false);
    expect(reachesUnread(held(range(1, 65), true), 65, 'me')).to.equal(true);
    expect(reachesUnread(held(range(1, 10), false), 65, 'me')).to.equal(true);
    expect(firstUnreadId(held(range(1, 10), false), 65, 'me')).to.equal('1');
    expect(reachesUnread(held(range(1, 10), true), 0, 'me')).to.equal(true);
    expect(reachesUnread({ ...held(range(1, 10)), hasNewer: true }, 0, 'me'), 'a window is not the latest').to.equal(false);
  });

  it('counts what is left unread after a message, and the mentions among it', () => {
    const messages = [message(1), message(2, 'bob', ['me']), message(3, 'me'), message(4), message(5, 'bob', ['me'])];
    const mentionsMe = (m: Message) => (m.mentions ?? []).includes('me');
    expect(unreadAfter(held(messages), '1', 'me', mentionsMe)).to.deep.equal({ unread: 3, mentions: 2 });
    expect(unreadAfter(held(messages), '4', 'me', mentionsMe)).to.deep.equal({ unread: 1, mentions: 1 });
    expect(unreadAfter(held(messages), '5', 'me', mentionsMe)).to.deep.equal({ unread: 0, mentions: 0 });
  });

  describe('in the store', () => {
    const opened: Action[] = [
      { type: 'channelsLoaded', channels: [everyone, direct(3)] },
      { type: 'channelOpened', channelId: 'd1' },
      { type: 'historyRequested', channelId: 'd1' },
      { type: 'historyLoaded', channel: direct(3), messages: range(1, 10), hasMore: false },
    ];

    it('places the divider when an opened conversation loads, and shows the bar', () => {
      const state = run(opened);
      expect(state.unreadFrom.get('d1')).to.equal('8');
      expect(unreadBarState(state)).to.deep.equal({ unread: 3, canJump: true });
    });

    it('lowers the count to what follows the newest message seen, never raising it', () => {
      const state = run([...opened, { type: 'readUpTo', channelId: 'd1', messageId: '9' }]);
      expect(state.channels.get('d1')?.unread).to.equal(1);
      reduce(state, { type: 'readUpTo', channelId: 'd1', messageId: '2' });
      expect(state.channels.get('d1')?.unread).to.equal(1);
      reduce(state, { type: 'readUpTo', channelId: 'd1', messageId: '10' });
      expect(state.channels.get('d1')?.unread).to.equal(0);
      expect(unreadBarState(state)).to.equal(undefined);
      expect(state.unreadFrom.get('d1'), 'the divider stays while the conversation is open').to.equal('8');
    });

    it('moves the divider when the conversation is opened again, and drops it when the user writes there', () => {
      const state = run([
        ...opened,
        { type: 'channelOpened', channelId: 'e1' },
        { type: 'messageReceived', message: message(11), reading: false },
        { type: 'channelOpened', channelId: 'd1' },
      ]);
      expect(state.channels.get('d1')?.unread).to.equal(4);
      expect(state.unreadFrom.get('d1')).to.equal('8');
      reduce(state, { type: 'readUpTo', channelId: 'd1', messageId: '11' });
      reduce(state, { type: 'channelOpened', channelId: 'e1' });
      reduce(state, { type: 'channelOpened', channelId: 'd1' });
      expect(state.unreadFrom.has('d1'), 'nothing unread: no divider').to.equal(false);
      reduce(state, { type: 'messageReceived', message: message(12), reading: false });
      expect(state.unreadFrom.get('d1'), 'a message arriving unseen in the open conversation').to.equal('12');
      reduce(state, {
        type: 'outboxAdded',
        channelId: 'd1',
        outgoing: { clientId: 'x', text: 'hi', state: 'sending', createdAt: new Date() },
      });
      expect(state.unreadFrom.has('d1')).to.equal(false);
    });
  });
});
