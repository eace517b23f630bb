import { expect } from 'chai';
import type { Channel, Message } from '../../../src/shared/types';
import type { Action } from '../../../src/client/store/actions';
import { explain } from '../../../src/client/message-actions';
import {
  canChange,
  editingIn,
  firstLine,
  highlightedIn,
  lastEditable,
  messageIn,
  replyTarget,
  seenMessageId,
} from '../../../src/client/store/message-selectors';
import { reduce } from '../../../src/client/store/reducer';
import { createState, type ChatState } from '../../../src/client/store/state';

const NOW = new Date('2026-12-06T12:00:00.000Z');

const message = (id: string, from: string, extra: Partial<Message> = {}): Message => ({
  id,
  channelId: 'd1',
  from,
  text: `message ${id}`,
  sentAt: `2026-12-06T10:00:${id.padStart(2, '0')}.000Z`,
  ...extra,
});
const direct: Channel = { id: 'd1', kind: 'direct', name: 'bob', unread: 0, mentions: 0 };
const everyone: Channel = { id: 'c1', kind: 'everyone', name: 'Everyone', unread: 0, mentions: 0 };

/** Alice's page with her direct channel with bob loaded: 1 (alice), 2 (bob), 3 (alice), 4 (bob). */
function loadedState(channel: Channel = direct, ...extra: Action[]): ChatState {
  const state = createState({ username: 'alice', online: true });
  const messages = [message('1', 'alice'), message('2', 'bob'), message('3', 'Alice'), message('4', 'bob')];
  const actions: Action[] = [
    { type: 'channelsLoaded', channels: [channel, everyone] },
    { type: 'historyLoaded', channel, messages, hasMore: false },
    ...extra,
  ];
  for (const action of actions) reduce(state, action, NOW);
  return state;
}

const tombstone = (id: string, from: string): Message => ({ ...message(id, from), text: '', deleted: true });

describe('Client message actions', () => {
  describe('reduce', () => {
    it('editStarted and editEnded hold one message being edited', () => {
      const state = loadedState();
      reduce(state, { type: 'editStarted', channelId: 'd1', messageId: '3' }, NOW);
      expect(editingIn(state, 'd1')).to.equal('3');
      expect(editingIn(state, 'c1')).to.equal(undefined);
      reduce(state, { type: 'editEnded' }, NOW);
      expect(state.editing).to.equal(undefined);
    });

    it('opening another conversation abandons an edit; a reply waits in its own conversation', () => {
      const state = loadedState();
      reduce(state, { type: 'editStarted', channelId: 'd1', messageId: '3' }, NOW);
      reduce(state, { type: 'replyStarted', channelId: 'd1', messageId: '2' }, NOW);
      reduce(state, { type: 'channelOpened', channelId: 'd1' }, NOW);
      expect(editingIn(state, 'd1')).to.equal('3');
      reduce(state, { type: 'channelOpened', channelId: 'c1' }, NOW);
      expect(state.editing).to.equal(undefined);
      expect(replyTarget(state, 'd1')?.id).to.equal('2');
    });

    it('replyStarted and replyCancelled keep one reply per channel', () => {
      const state = loadedState();
      reduce(state, { type: 'replyStarted', channelId: 'd1', messageId: '2' }, NOW);
      expect(replyTarget(state, 'd1')?.id).to.equal('2');
      expect(replyTarget(state, 'c1')).to.equal(undefined);
      reduce(state, { type: 'replyCancelled', channelId: 'd1' }, NOW);
      expect(replyTarget(state, 'd1')).to.equal(undefined);
    });

    it('a message deleted meanwhile ends the edit and the reply on it, not others', () => {
      const state = loadedState();
      reduce(state, { type: 'editStarted', channelId: 'd1', messageId: '3' }, NOW);
      reduce(state, { type: 'replyStarted', channelId: 'd1', messageId: '3' }, NOW);
      reduce(state, { type: 'messageUpdated', message: tombstone('1', 'alice') }, NOW);
      expect(editingIn(state, 'd1')).to.equal('3');
      expect(replyTarget(state, 'd1')?.id).to.equal('3');
      reduce(state, { type: 'messageUpdated', message: tombstone('3', 'alice') }, NOW);
      expect(state.editing).to.equal(undefined);
      expect(state.replyingTo.has('d1')).to.equal(false);
    });

    it('leaving a room forgets its reply and edit', () => {
      const room: Channel = { id: 'r1', kind: 'room', name: 'ops', unread: 0, mentions: 0, members: ['alice'] };
      const state = loadedState();
      reduce(state, { type: 'roomJoined', channel: room }, NOW);
      reduce(state, { type: 'replyStarted', channelId: 'r1', messageId: '7' }, NOW);
      reduce(state, { type: 'editStarted', channelId: 'r1', messageId: '7' }, NOW);
      reduce(state, { type: 'roomLeft', channelId: 'r1' }, NOW);
      expect(state.replyingTo.has('r1')).to.equal(false);
      expect(state.editing).to.equal(undefined);
    });

    it('messageHighlighted sets and clears the highlighted message', () => {
      const state = loadedState();
      reduce(state, { type: 'messageHighlighted', channelId: 'd1', messageId: '2' }, NOW);
      expect(highlightedIn(state, 'd1')).to.equal('2');
      expect(highlightedIn(state, 'c1')).to.equal(undefined);
      reduce(state, { type: 'messageHighlighted', channelId: 'd1', messageId: undefined }, NOW);
      expect(highlightedIn(state, 'd1')).to.equal(undefined);
    });
  });

  describe('selectors', () => {
    it('canChange: my own messages (any case of my name) that are not tombstones', () => {
      const state = loadedState();
      const cases: [Message, boolean][] = [
        [message('1', 'alice'), true],
        [message('3', 'ALICE'), true],
        [message('2', 'bob'), false],
        [tombstone('5', 'alice'), false],
      ];
      for (const [candidate, expected] of cases) expect(canChange(state, candidate), candidate.id).to.equal(expected);
    });

    it('lastEditable: my newest message that is not a tombstone', () => {
      const state = loadedState();
      expect(lastEditable(state, 'd1')?.id).to.equal('3');
      reduce(state, { type: 'messageUpdated', message: tombstone('3', 'alice') }, NOW);
      expect(lastEditable(state, 'd1')?.id).to.equal('1');
      expect(lastEditable(state, 'c1')).to.equal(undefined);
    });

    it('messageIn finds held messages only', () => {
      const state = loadedState();
      expect(messageIn(state, 'd1', '2')?.from).to.equal('bob');
      expect(messageIn(state, 'd1', '99')).to.equal(undefined);
      expect(messageIn(state, 'nowhere', '2')).to.equal(undefined);
    });

    it('seenMessageId: my newest message at or before the other member read position', () => {
      const table: [string | undefined, string | undefined][] = [
        [undefined, undefined],
        ['1', '1'],
        ['2', '1'],
        ['3', '3'],
        ['4', '3'],
        ['12', '3'],
      ];
      for (const [readUpTo, expected] of table) {
        const state = loadedState({ ...direct, ...(readUpTo ? { readUpTo } : {}) });
        expect(seenMessageId(state, 'd1'), `readUpTo ${readUpTo}`).to.equal(expected);
      }
    });

    it('seenMessageId follows readReceiptReceived, and is never shown outside direct channels', () => {
      const state = loadedState();
      reduce(state, { type: 'readReceiptReceived', receipt: { channelId: 'd1', username: 'bob', messageId: '2' } }, NOW);
      expect(seenMessageId(state, 'd1')).to.equal('1');
      reduce(state, { type: 'readReceiptReceived', receipt: { channelId: 'd1', username: 'bob', messageId: '3' } }, NOW);
      expect(seenMessageId(state, 'd1')).to.equal('3');
      const room: Channel = { id: 'd1', kind: 'room', name: 'ops', unread: 0, mentions: 0, readUpTo: '4' };
      expect(seenMessageId(loadedState(room), 'd1')).to.equal(undefined);
    });

    it('firstLine: the first non-empty line, trimmed', () => {
      const table: [string, string][] = [
        ['one line', 'one line'],
        ['first\nsecond', 'first'],
        ['\n\n  indented  \nnext', 'indented'],
        ['', ''],
      ];
      for (const [text, expected] of table) expect(firstLine(text), JSON.stringify(text)).to.equal(expected);
    });
  });

  describe('explain', () => {
    it('turns refusals into words for people, never codes', () => {
      expect(explain('edit', 'forbidden', 'forbidden')).to.equal('You can only edit your own messages.');
      expect(explain('delete', 'forbidden', 'forbidden')).to.equal('You can only delete your own messages.');
      expect(explain('edit', 'not_found', 'not_found')).to.equal('That message is no longer in this conversation.');
      expect(explain('react', 'rate_limited', 'rate_limited')).to.match(/^Too many changes/);
      expect(explain('edit', 'unavailable', 'You are offline.')).to.equal('You are offline.');
      expect(explain('edit', 'unavailable', 'unavailable')).to.equal('The server could not be reached.');
    });
  });
});
