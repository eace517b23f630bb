import { expect } from 'chai';
import type { Channel, Message, User } from '../../../src/shared/types';
import type { Action } from '../../../src/client/store/actions';
import { reduce } from '../../../src/client/store/reducer';
import {
  channelTitle,
  directWith,
  displayName,
  isUnseenMessage,
  leavesMe,
  openChannel,
  sortedChannels,
  sortedUsers,
  totalUnread,
  typingIn,
} from '../../../src/client/store/selectors';
import { createState, type ChatState } from '../../../src/client/store/state';
import { Store } from '../../../src/client/store/store';
import type { Outgoing } from '../../../src/client/timeline';

const NOW = new Date('2025-03-12T12:00:00.000Z');

const user = (username: string, online = true, nickname?: string): User => ({
  username,
  online,
  ...(nickname ? { nickname } : {}),
});
const message = (id: string, from = 'bob', channelId = 'c1', clientId?: string): Message => ({
  id,
  channelId,
  from,
  text: `message ${id}`,
  sentAt: `2025-03-12T10:00:${id.padStart(2, '0')}.000Z`,
  ...(clientId ? { clientId } : {}),
});
const everyone: Channel = { id: 'c1', kind: 'everyone', name: 'Everyone', unread: 0, mentions: 0 };
const room = (id: string, members: string[], extra: Partial<Channel> = {}): Channel => ({
  id,
  kind: 'room',
  name: `room-${id}`,
  unread: 0,
  mentions: 0,
  members,
  ...extra,
});
const direct = (id: string, name: string): Channel => ({ id, kind: 'direct', name, unread: 0, mentions: 0 });
const outgoing = (clientId: string, state: Outgoing['state'] = 'sending'): Outgoing => ({
  clientId,
  text: `text ${clientId}`,
  state,
  createdAt: NOW,
});

/** c1 (Everyone) listed and its first page loaded with messages 1 and 2. */
const loaded: Action[] = [
  { type: 'channelsLoaded', channels: [everyone] },
  { type: 'historyLoaded', channel: everyone, messages: [message('1'), message('2')], hasMore: true },
];

/** The parts of the state a row of the table may check, in a form deep.equal can compare. */
function snapshot(state: ChatState) {
  return {
    me: state.me.nickname ? `${state.me.username} (${state.me.nickname})` : state.me.username,
    users: [...state.users.values()].map((u) => `${u.username}${u.online ? '+' : '-'}${u.nickname ? `(${u.nickname})` : ''}`),
    channels: [...state.channels.values()].map((c) => `${c.id} unread=${c.unread} last=${c.lastMessage?.id ?? '-'}`),
    timelines: Object.fromEntries(
      [...state.timelines.entries()].map(([id, t]) => [
        id,
        {
          status: t.status,
          ids: t.messages.map((m) => m.id),
          pending: t.pending.map((o) => `${o.clientId}:${o.state}${o.error ? `:${o.error}` : ''}`),
          hasMore: t.hasMore,
          loadingOlder: t.loadingOlder,
        },
      ]),
    ),
    typing: Object.fromEntries([...state.typing.entries()].map(([id, names]) => [id, [...names]])),
    touched: Object.fromEntries(state.touched),
    open: state.openChannelId,
    preferences: state.preferences,
  };
}
type Snapshot = ReturnType<typeof snapshot>;

type Row = { it: string; given?: Action[]; action: Action; expect: Partial<Snapshot> };

const ready = (ids: string[], extra: Partial<Snapshot['timelines'][string]> = {}): Snapshot['timelines'][string] => ({
  status: 'ready',
  ids,
  pending: [],
  hasMore: true,
  loadingOlder: false,
  ...extra,
});

const table: Row[] = [
  // Users
  {
    it: 'usersLoaded replaces the user list and keeps me in it when the list leaves me out',
    given: [{ type: 'usersLoaded', users: [user('carol')] }],
    action: { type: 'usersLoaded', users: [user('bob', false)] },
    expect: { users: ['bob-', 'alice+'], me: 'alice' },
  },
  {
    it: 'usersLoaded takes my own record (a nickname set elsewhere) from the list',
    action: { type: 'usersLoaded', users: [user('Alice', true, 'Ally'), user('bob')] },
    expect: { users: ['Alice+(Ally)', 'bob+'], me: 'Alice (Ally)' },
  },
  {
    it: 'userUpdated changes one user, and me when it is me',
    given: [{ type: 'usersLoaded', users: [user('alice'), user('bob')] }],
    action: { type: 'userUpdated', user: user('ALICE', true, 'Ally') },
    expect: { users: ['ALICE+(Ally)', 'bob+'], me: 'ALICE (Ally)' },
  },
  {
    it: 'userUpdated adds a user not known yet',
    action: { type: 'userUpdated', user: user('dave', false) },
    expect: { users: ['alice+', 'dave-'] },
  },
  // Channels
  {
    it: 'channelsLoaded drops channels missing from the list, with their timelines and typing',
    given: [
      ...loaded,
      { type: 'channelsLoaded', channels: [everyone, room('r1', ['alice'])] },
      { type: 'historyLoaded', channel: room('r1', ['alice']), messages: [], hasMore: false },
      { type: 'typingChanged', channelId: 'r1', username: 'bob', typing: true },
    ],
    action: { type: 'channelsLoaded', channels: [everyone] },
    expect: { channels: ['c1 unread=0 last=-'], timelines: { c1: ready(['1', '2']) }, typing: {} },
  },
  {
    it: 'channelsLoaded keeps the newer of the two last messages',
    given: [{ type: 'channelsLoaded', channels: [{ ...everyone, lastMessage: message('9') }] }],
    action: { type: 'channelsLoaded', channels: [{ ...everyone, unread: 3, lastMessage: message('7') }] },
    expect: { channels: ['c1 unread=3 last=9'] },
  },
  {
    it: 'channelUpdated drops a room whose members no longer include me',
    given: [{ type: 'channelsLoaded', channels: [everyone, room('r1', ['alice', 'bob'])] }],
    action: { type: 'channelUpdated', channel: room('r1', ['bob']) },
    expect: { channels: ['c1 unread=0 last=-'] },
  },
  {
    it: 'channelUpdated adds a room that appeared and has it sort as recent',
    given: [{ type: 'channelsLoaded', channels: [everyone] }],
    action: { type: 'channelUpdated', channel: room('r1', ['alice', 'bob']) },
    expect: { channels: ['c1 unread=0 last=-', 'r1 unread=0 last=-'], touched: { r1: NOW.toISOString() } },
  },
  {
    it: 'channelUpdated changes a known room without touching it',
    given: [{ type: 'channelsLoaded', channels: [room('r1', ['alice'])] }],
    action: { type: 'channelUpdated', channel: room('r1', ['alice', 'bob'], { unread: 2 }) },
    expect: { channels: ['r1 unread=2 last=-'], touched: {} },
  },
  {
    it: 'roomJoined (create, join, invite acks) stores the room and has it sort as recent',
    action: { type: 'roomJoined', channel: room('r2', ['alice']) },
    expect: { channels: ['r2 unread=0 last=-'], touched: { r2: NOW.toISOString() } },
  },
  {
    it: 'roomLeft drops the room and its timeline',
    given: [
      { type: 'roomJoined', channel: room('r2', ['alice']) },
      { type: 'historyLoaded', channel: room('r2', ['alice']), messages: [], hasMore: false },
    ],
    action: { type: 'roomLeft', channelId: 'r2' },
    expect: { channels: [], timelines: {} },
  },
  {
    it: 'channelOpened opens a conversation',
    given: loaded,
    action: { type: 'channelOpened', channelId: 'c1' },
    expect: { open: 'c1' },
  },
  {
    it: 'unreadCleared sets the count to zero',
    given: [{ type: 'channelsLoaded', channels: [{ ...everyone, unread: 5 }] }],
    action: { type: 'unreadCleared', channelId: 'c1' },
    expect: { channels: ['c1 unread=0 last=-'] },
  },
  // Messages
  {
    it: 'messageReceived adds a new message from someone else and counts it unread',
    given: loaded,
    action: { type: 'messageReceived', message: message('3'), reading: false },
    expect: { channels: ['c1 unread=1 last=3'], timelines: { c1: ready(['1', '2', '3']) } },
  },
  {
    it: 'messageReceived counts nothing for a message seen arriving',
    given: loaded,
    action: { type: 'messageReceived', message: message('3'), reading: true },
    expect: { channels: ['c1 unread=0 last=3'], timelines: { c1: ready(['1', '2', '3']) } },
  },
  {
    it: 'messageReceived counts nothing for a duplicate',
    given: [...loaded, { type: 'messageReceived', message: message('3'), reading: false }],
    action: { type: 'messageReceived', message: message('3'), reading: false },
    expect: { channels: ['c1 unread=1 last=3'], timelines: { c1: ready(['1', '2', '3']) } },
  },
  {
    it: 'messageReceived counts nothing for my own message, and it confirms my outgoing one',
    given: [...loaded, { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1') }],
    action: { type: 'messageReceived', message: message('3', 'alice', 'c1', 'k1'), reading: false },
    expect: { channels: ['c1 unread=0 last=3'], timelines: { c1: ready(['1', '2', '3']) } },
  },
  {
    it: 'messageReceived of my own message clears what was unread there (sending moves my read position to it)',
    given: [
      { type: 'channelsLoaded', channels: [everyone, direct('d1', 'bob')] },
      { type: 'messageReceived', message: message('3', 'bob', 'd1'), reading: false },
      { type: 'messageReceived', message: message('4', 'bob', 'd1'), reading: false },
    ],
    action: { type: 'messageReceived', message: message('5', 'alice', 'd1'), reading: false },
    expect: { channels: ['c1 unread=0 last=-', 'd1 unread=0 last=5'] },
  },
  {
    it: 'messageReceived keeps no message in a timeline not loaded, but the channel learns it and counts it',
    given: [{ type: 'channelsLoaded', channels: [{ ...everyone, lastMessage: message('2') }] }],
    action: { type: 'messageReceived', message: message('3'), reading: false },
    expect: { channels: ['c1 unread=1 last=3'], timelines: {} },
  },
  {
    it: 'messageReceived counts nothing for an older message in a channel not loaded',
    given: [{ type: 'channelsLoaded', channels: [{ ...everyone, lastMessage: message('5') }] }],
    action: { type: 'messageReceived', message: message('3'), reading: false },
    expect: { channels: ['c1 unread=0 last=5'] },
  },
  {
    it: 'messageReceived ends the sender’s typing notice',
    given: [...loaded, { type: 'typingChanged', channelId: 'c1', username: 'bob', typing: true }],
    action: { type: 'messageReceived', message: message('3'), reading: true },
    expect: { typing: { c1: [] } },
  },
  // History
  {
    it: 'historyRequested starts loading a timeline',
    action: { type: 'historyRequested', channelId: 'c1' },
    expect: { timelines: { c1: { status: 'loading', ids: [], pending: [], hasMore: false, loadingOlder: false } } },
  },
  {
    it: 'historyLoaded settles the first page, merged with live messages that came while it loaded',
    given: [
      { type: 'channelsLoaded', channels: [everyone] },
      { type: 'historyRequested', channelId: 'c1' },
      { type: 'messageReceived', message: message('4'), reading: true },
    ],
    action: { type: 'historyLoaded', channel: everyone, messages: [message('2'), message('3')], hasMore: true },
    expect: { timelines: { c1: ready(['2', '3', '4']) } },
  },
  {
    it: 'historyReset forgets the stored messages but not the outgoing ones',
    given: [...loaded, { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1', 'queued') }],
    action: { type: 'historyReset', channelId: 'c1' },
    expect: { timelines: { c1: { status: 'empty', ids: [], pending: ['k1:queued'], hasMore: false, loadingOlder: false } } },
  },
  {
    it: 'directLoaded stores the direct channel, its first page, and has it sort as recent',
    action: { type: 'directLoaded', channel: direct('d1', 'bob'), messages: [message('1', 'bob', 'd1')], hasMore: false },
    expect: {
      channels: ['d1 unread=0 last=-'],
      timelines: { d1: ready(['1'], { hasMore: false }) },
      touched: { d1: NOW.toISOString() },
    },
  },
  {
    it: 'directLoaded adds to a timeline already loaded without changing whether older ones exist',
    given: [{ type: 'historyLoaded', channel: direct('d1', 'bob'), messages: [message('2', 'bob', 'd1')], hasMore: true }],
    action: { type: 'directLoaded', channel: direct('d1', 'bob'), messages: [message('3', 'bob', 'd1')], hasMore: false },
    expect: { timelines: { d1: ready(['2', '3']) } },
  },
  {
    it: 'olderRequested marks older messages as loading',
    given: loaded,
    action: { type: 'olderRequested', channelId: 'c1' },
    expect: { timelines: { c1: ready(['1', '2'], { loadingOlder: true }) } },
  },
  {
    it: 'olderLoaded puts the older page first and says whether more exist',
    given: [...loaded, { type: 'olderRequested', channelId: 'c1' }],
    action: { type: 'olderLoaded', channelId: 'c1', messages: [message('0')], hasMore: false },
    expect: { timelines: { c1: ready(['0', '1', '2'], { hasMore: false }) } },
  },
  {
    it: 'olderFailed stops loading and keeps the timeline',
    given: [...loaded, { type: 'olderRequested', channelId: 'c1' }],
    action: { type: 'olderFailed', channelId: 'c1' },
    expect: { timelines: { c1: ready(['1', '2']) } },
  },
  {
    it: 'olderLoaded for a channel dropped meanwhile creates no timeline',
    given: [...loaded, { type: 'olderRequested', channelId: 'c1' }, { type: 'roomLeft', channelId: 'c1' }],
    action: { type: 'olderLoaded', channelId: 'c1', messages: [message('0')], hasMore: false },
    expect: { timelines: {}, channels: [] },
  },
  {
    it: 'newerLoaded (catching up after a reconnect) adds the page and the channel learns its last message',
    given: loaded,
    action: { type: 'newerLoaded', channelId: 'c1', messages: [message('3'), message('4')] },
    expect: { timelines: { c1: ready(['1', '2', '3', '4']) }, channels: ['c1 unread=0 last=4'] },
  },
  // Outbox
  {
    it: 'outboxAdded shows an outgoing message',
    given: loaded,
    action: { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1', 'queued') },
    expect: { timelines: { c1: ready(['1', '2'], { pending: ['k1:queued'] }) } },
  },
  {
    it: 'outboxSending marks it being sent',
    given: [...loaded, { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1', 'queued') }],
    action: { type: 'outboxSending', channelId: 'c1', clientId: 'k1' },
    expect: { timelines: { c1: ready(['1', '2'], { pending: ['k1:sending'] }) } },
  },
  {
    it: 'outboxQueued marks it waiting for the connection',
    given: [...loaded, { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1') }],
    action: { type: 'outboxQueued', channelId: 'c1', clientId: 'k1' },
    expect: { timelines: { c1: ready(['1', '2'], { pending: ['k1:queued'] }) } },
  },
  {
    it: 'outboxFailed marks it failed with the reason',
    given: [...loaded, { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1') }],
    action: { type: 'outboxFailed', channelId: 'c1', clientId: 'k1', error: 'Slow down.' },
    expect: { timelines: { c1: ready(['1', '2'], { pending: ['k1:failed:Slow down.'] }) } },
  },
  {
    it: 'outboxAcked removes it (the stored message comes as messageReceived)',
    given: [...loaded, { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1') }],
    action: { type: 'outboxAcked', channelId: 'c1', clientId: 'k1' },
    expect: { timelines: { c1: ready(['1', '2']) } },
  },
  {
    it: 'outboxDiscarded removes it',
    given: [...loaded, { type: 'outboxAdded', channelId: 'c1', outgoing: outgoing('k1', 'failed') }],
    action: { type: 'outboxDiscarded', channelId: 'c1', clientId: 'k1' },
    expect: { timelines: { c1: ready(['1', '2']) } },
  },
  // Typing, preferences, the page
  {
    it: 'typingChanged adds a typist once',
    given: [{ type: 'typingChanged', channelId: 'c1', username: 'bob', typing: true }],
    action: { type: 'typingChanged', channelId: 'c1', username: 'bob', typing: true },
    expect: { typing: { c1: ['bob'] } },
  },
  {
    it: 'typingChanged removes a typist',
    given: [
      { type: 'typingChanged', channelId: 'c1', username: 'bob', typing: true },
      { type: 'typingChanged', channelId: 'c1', username: 'carol', typing: true },
    ],
    action: { type: 'typingChanged', channelId: 'c1', username: 'bob', typing: false },
    expect: { typing: { c1: ['carol'] } },
  },
  {
    it: 'preferencesChanged replaces the preferences',
    action: { type: 'preferencesChanged', preferences: { sound: false, notifications: true, muted: ['c1'] } },
    expect: { preferences: { sound: false, notifications: true, muted: ['c1'] } },
  },
];

describe('Client store', () => {
  describe('reduce: action → state', () => {
    for (const row of table) {
      it(row.it, () => {
        const state = createState(user('alice'));
        for (const action of row.given ?? []) reduce(state, action, NOW);
        reduce(state, row.action, NOW);
        const actual = snapshot(state);
        const picked = Object.fromEntries(Object.keys(row.expect).map((key) => [key, actual[key as keyof Snapshot]]));
        expect(picked).to.deep.equal(row.expect);
      });
    }

    it('pageChanged changes nothing', () => {
      const state = createState(user('alice'));
      for (const action of loaded) reduce(state, action, NOW);
      const before = snapshot(state);
      reduce(state, { type: 'pageChanged' }, NOW);
      expect(snapshot(state)).to.deep.equal(before);
    });

    it("messageUpdated replaces the held message and the channel's latest, in place", () => {
      const state = createState(user('alice'));
      for (const action of loaded) reduce(state, action, NOW);
      reduce(state, { type: 'channelUpdated', channel: { ...everyone, lastMessage: message('2') } }, NOW);
      const edited = { ...message('2'), text: 'edited', editedAt: NOW.toISOString() };
      reduce(state, { type: 'messageUpdated', message: edited }, NOW);
      expect(state.timelines.get('c1')?.messages.map((m) => m.text)).to.deep.equal(['message 1', 'edited']);
      expect(state.channels.get('c1')?.lastMessage?.text).to.equal('edited');
      reduce(state, { type: 'messageUpdated', message: { ...message('9'), text: 'unknown' } }, NOW);
      expect(state.timelines.get('c1')?.messages.map((m) => m.id)).to.deep.equal(['1', '2']);
    });

    it("readReceiptReceived moves a direct channel's readUpTo forward only, and never for my own reads", () => {
      const state = createState(user('alice'));
      reduce(state, { type: 'channelsLoaded', channels: [direct('d1', 'bob')] }, NOW);
      const receipt = (username: string, messageId: string): Action => ({
        type: 'readReceiptReceived',
        receipt: { channelId: 'd1', username, messageId },
      });
      reduce(state, receipt('bob', '5'), NOW);
      reduce(state, receipt('bob', '3'), NOW);
      reduce(state, receipt('alice', '9'), NOW);
      expect(state.channels.get('d1')?.readUpTo).to.equal('5');
    });
  });

  describe('selectors', () => {
    const state = createState(user('alice'));
    for (const action of [
      { type: 'usersLoaded', users: [user('alice'), user('zed'), user('bob', false, 'Bobby'), user('carol')] },
      {
        type: 'channelsLoaded',
        channels: [
          { ...direct('d1', 'Bob'), unread: 2, lastMessage: message('5', 'bob', 'd1') },
          { ...room('r1', ['alice']), unread: 1, lastMessage: message('9', 'carol', 'r1') },
          { ...everyone, unread: 4 },
          room('r2', ['alice']),
        ],
      },
      { type: 'roomJoined', channel: room('r2', ['alice']) },
      { type: 'channelOpened', channelId: 'r1' },
      { type: 'typingChanged', channelId: 'r1', username: 'carol', typing: true },
    ] satisfies Action[]) {
      reduce(state, action, NOW);
    }

    it('sorts Everyone first, then by newest activity (a room just joined counts as now)', () => {
      expect(sortedChannels(state).map((c) => c.id)).to.deep.equal(['c1', 'r2', 'r1', 'd1']);
    });

    it('adds up the unread counts', () => {
      expect(totalUnread(state)).to.equal(7);
    });

    it('finds the direct channel with a user, ignoring case', () => {
      expect(directWith(state, 'bob')?.id).to.equal('d1');
      expect(directWith(state, 'carol')).to.equal(undefined);
    });

    it('titles conversations and names people with their nicknames', () => {
      const titles = ['c1', 'r1', 'd1'].map((id) => channelTitle(state, state.channels.get(id) ?? everyone));
      expect(titles).to.deep.equal(['Everyone', '# room-r1', 'Bobby (Bob)']);
      expect(displayName(state, 'carol')).to.equal('carol');
    });

    it('lists other users, online first, then by name', () => {
      expect(sortedUsers(state).map((u) => u.username)).to.deep.equal(['carol', 'zed', 'bob']);
    });

    it('knows the open conversation and who types where', () => {
      expect(openChannel(state)?.id).to.equal('r1');
      expect(typingIn(state, 'r1')).to.deep.equal(['carol']);
      expect(typingIn(state, 'c1')).to.deep.equal([]);
    });

    it('tells whether a message is news: by the timeline when loaded, else by the last message, and always for an unknown channel', () => {
      const withTimeline = createState(user('alice'));
      for (const action of loaded) reduce(withTimeline, action, NOW);
      expect(isUnseenMessage(withTimeline, message('2'))).to.equal(false);
      expect(isUnseenMessage(withTimeline, message('3'))).to.equal(true);
      expect(isUnseenMessage(state, message('9', 'carol', 'r1'))).to.equal(false);
      expect(isUnseenMessage(state, message('10', 'carol', 'r1'))).to.equal(true);
      expect(isUnseenMessage(state, message('1', 'dave', 'elsewhere'))).to.equal(true);
    });

    it('tells when a room update leaves me out', () => {
      expect(leavesMe(state, room('r1', ['bob']))).to.equal(true);
      expect(leavesMe(state, room('r1', ['ALICE']))).to.equal(false);
      expect(leavesMe(state, everyone)).to.equal(false);
    });
  });

  describe('Store', () => {
    it('applies an action at once and tells its subscriber once per batch', async () => {
      const store = new Store(createState(user('alice')));
      const batches: string[][] = [];
      store.subscribe((actions) => batches.push(actions.map((action) => action.type)));
      store.dispatch({ type: 'channelsLoaded', channels: [everyone] });
      expect(store.state.channels.has('c1')).to.equal(true);
      store.dispatch({ type: 'channelOpened', channelId: 'c1' });
      expect(batches).to.deep.equal([]);
      await Promise.resolve();
      expect(batches).to.deep.equal([['channelsLoaded', 'channelOpened']]);
      store.dispatch({ type: 'pageChanged' });
      await Promise.resolve();
      expect(batches).to.deep.equal([['channelsLoaded', 'channelOpened'], ['pageChanged']]);
    });

    it('has one subscriber', () => {
      const store = new Store(createState(user('alice')));
      store.subscribe(() => undefined);
      expect(() => store.subscribe(() => undefined)).to.throw();
    });
  });
});
