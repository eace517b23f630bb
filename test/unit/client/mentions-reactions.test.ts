import { expect } from 'chai';
import type { Channel, Message, User } from '../../../src/shared/types';
import { Alerts } from '../../../src/client/alerts';
import { FREQUENT_EMOJI, gridMove, searchEmoji, type EmojiEntry } from '../../../src/client/emoji/emoji-search';
import { isSkinTone, nameInSkinTone, SKIN_TONES, withSkinTone } from '../../../src/client/emoji/skin-tones';
import { splitMentions } from '../../../src/client/format/mentions';
import {
  insertMention,
  matchMentionCandidates,
  mentionQueryAt,
  mergeMentionSuggestions,
} from '../../../src/client/mention-query';
import { hasReacted } from '../../../src/client/reactions';
import type { Chime } from '../../../src/client/sounds';
import type { Action } from '../../../src/client/store/actions';
import { mentionCountChange } from '../../../src/client/store/mention-count';
import { reduce } from '../../../src/client/store/reducer';
import { mentionCandidates, mentionsMe, totalMentions } from '../../../src/client/store/selectors';
import { createState, type ChatState } from '../../../src/client/store/state';
import { reactionChips, reactorsText } from '../../../src/client/views/reaction-bar';

const me: User = { username: 'alice', online: true };
const everyone: Channel = { id: 'c1', kind: 'everyone', name: 'Everyone', unread: 0, mentions: 0 };
const room: Channel = { id: 'c2', kind: 'room', name: 'ops', unread: 0, mentions: 0, members: ['alice', 'Bob', 'carol'] };
const direct: Channel = { id: 'c3', kind: 'direct', name: 'bob', unread: 0, mentions: 0 };

const message = (id: string, mentions: string[] = [], extra: Partial<Message> = {}): Message => ({
  id,
  channelId: 'c1',
  from: 'bob',
  text: `hello ${mentions.map((name) => `@${name}`).join(' ')}`,
  sentAt: `2026-12-06T10:00:${id.padStart(2, '0')}.000Z`,
  mentions,
  ...extra,
});

const edited = '2026-12-06T11:00:00.000Z';

function stateAfter(actions: readonly Action[]): ChatState {
  const state = createState(me);
  for (const action of actions) reduce(state, action);
  return state;
}

const loaded: Action[] = [
  {
    type: 'usersLoaded',
    users: [me, { username: 'Bob', online: true, nickname: 'Bobby' }, { username: 'carol', online: false }],
  },
  { type: 'channelsLoaded', channels: [everyone, room, direct] },
  { type: 'historyLoaded', channel: everyone, messages: [message('1')], hasMore: false },
];

describe('Client store: mentions', () => {
  const cases: { name: string; actions: Action[]; unread: number; mentions: number }[] = [
    {
      name: 'a new message that mentions me counts as an unread mention',
      actions: [{ type: 'messageReceived', message: message('2', ['alice']), reading: false }],
      unread: 1,
      mentions: 1,
    },
    {
      name: 'mentions are matched ignoring case',
      actions: [{ type: 'messageReceived', message: message('2', ['ALICE']), reading: false }],
      unread: 1,
      mentions: 1,
    },
    {
      name: 'a message mentioning someone else is unread but no mention',
      actions: [{ type: 'messageReceived', message: message('2', ['carol']), reading: false }],
      unread: 1,
      mentions: 0,
    },
    {
      name: 'a mention seen arriving counts nothing',
      actions: [{ type: 'messageReceived', message: message('2', ['alice']), reading: true }],
      unread: 0,
      mentions: 0,
    },
    {
      name: 'a duplicate counts once',
      actions: [
        { type: 'messageReceived', message: message('2', ['alice']), reading: false },
        { type: 'messageReceived', message: message('2', ['alice']), reading: false },
      ],
      unread: 1,
      mentions: 1,
    },
    {
      name: 'my own message mentioning me counts nothing',
      actions: [{ type: 'messageReceived', message: message('2', ['alice'], { from: 'alice' }), reading: false }],
      unread: 0,
      mentions: 0,
    },
    {
      name: 'reading clears unread mentions with the unread count',
      actions: [
        { type: 'messageReceived', message: message('2', ['alice']), reading: false },
        { type: 'unreadCleared', channelId: 'c1' },
      ],
      unread: 0,
      mentions: 0,
    },
    {
      name: 'an unread mention edited to name someone else counts no more',
      actions: [
        { type: 'messageReceived', message: message('2', ['alice']), reading: false },
        { type: 'messageUpdated', message: message('2', ['carol'], { editedAt: edited }) },
      ],
      unread: 1,
      mentions: 0,
    },
    {
      name: 'an unread message edited to mention me counts, also when it is not the newest',
      actions: [
        { type: 'messageReceived', message: message('2'), reading: false },
        { type: 'messageReceived', message: message('3'), reading: false },
        { type: 'messageUpdated', message: message('2', ['alice'], { editedAt: edited }) },
      ],
      unread: 2,
      mentions: 1,
    },
    {
      name: 'an unread mention deleted counts no more',
      actions: [
        { type: 'messageReceived', message: message('2', ['alice']), reading: false },
        { type: 'messageUpdated', message: { ...message('2'), text: '', mentions: undefined, deleted: true } },
      ],
      unread: 1,
      mentions: 0,
    },
    {
      name: 'a reaction to an unread mention changes nothing',
      actions: [
        { type: 'messageReceived', message: message('2', ['alice']), reading: false },
        { type: 'messageUpdated', message: message('2', ['alice'], { reactions: [{ emoji: '👍', users: ['carol'] }] }) },
      ],
      unread: 1,
      mentions: 1,
    },
    {
      name: 'a message read before the unread ones edited to mention me counts nothing',
      actions: [
        { type: 'messageReceived', message: message('2'), reading: false },
        { type: 'messageUpdated', message: message('1', ['alice'], { editedAt: edited }) },
      ],
      unread: 1,
      mentions: 0,
    },
    {
      name: 'with nothing unread, an edit to mention me counts nothing',
      actions: [{ type: 'messageUpdated', message: message('1', ['alice'], { editedAt: edited }) }],
      unread: 0,
      mentions: 0,
    },
    {
      name: "the server's count arrives with the channel",
      actions: [{ type: 'channelUpdated', channel: { ...everyone, unread: 4, mentions: 2 } }],
      unread: 4,
      mentions: 2,
    },
  ];
  for (const { name, actions, unread, mentions } of cases) {
    it(name, () => {
      const state = stateAfter([...loaded, ...actions]);
      const channel = state.channels.get('c1');
      expect({ unread: channel?.unread, mentions: channel?.mentions }).to.deep.equal({ unread, mentions });
    });
  }

  it('cannot tell, and says so, how an edit of a message it never held changes the count', () => {
    const unread: Channel = { ...room, unread: 3, mentions: 1, lastMessage: message('9', [], { channelId: 'c2' }) };
    const state = stateAfter([...loaded, { type: 'channelUpdated', channel: unread }]);
    const elsewhere = (extra: Partial<Message>) => message('8', [], { channelId: 'c2', ...extra });
    expect(mentionCountChange(state, elsewhere({ editedAt: edited }))).to.equal(undefined);
    expect(mentionCountChange(state, elsewhere({ mentions: ['alice'] }))).to.equal(undefined);
    expect(mentionCountChange(state, elsewhere({ text: '', deleted: true }))).to.equal(undefined);
    // A reaction changes no mention.
    expect(mentionCountChange(state, elsewhere({ reactions: [{ emoji: '👍', users: ['bob'] }] }))).to.equal(0);
    // The last message is held, and unread.
    expect(mentionCountChange(state, message('9', ['alice'], { channelId: 'c2', editedAt: edited }))).to.equal(1);
  });

  it('totals mentions over all conversations', () => {
    const state = stateAfter([...loaded, { type: 'channelUpdated', channel: { ...room, mentions: 3 } }]);
    reduce(state, { type: 'messageReceived', message: message('2', ['alice']), reading: false });
    expect(totalMentions(state)).to.equal(4);
  });

  it('says whether a message mentions me; a tombstone never does', () => {
    const state = stateAfter(loaded);
    expect(mentionsMe(state, message('2', ['Alice']))).to.equal(true);
    expect(mentionsMe(state, message('2', ['bob']))).to.equal(false);
    expect(mentionsMe(state, message('2', ['alice'], { deleted: true }))).to.equal(false);
  });

  it('offers the open channel’s members for @: a room’s, a direct channel’s two, everyone’s users, me last', () => {
    const state = stateAfter(loaded);
    expect(mentionCandidates(state, 'c2')).to.deep.equal([
      { username: 'Bob', nickname: 'Bobby' },
      { username: 'carol' },
      { username: 'alice' },
    ]);
    expect(mentionCandidates(state, 'c3').map((name) => name.username)).to.deep.equal(['Bob', 'alice']);
    expect(mentionCandidates(state, 'c1').map((name) => name.username)).to.deep.equal(['Bob', 'carol', 'alice']);
    expect(mentionCandidates(state, undefined)).to.deep.equal([]);
  });
});

describe('Mention autocomplete helpers', () => {
  const queries: [string, number, { start: number; query: string } | undefined][] = [
    ['@', 1, { start: 0, query: '' }],
    ['hi @bo', 6, { start: 3, query: 'bo' }],
    ['hi @bo there', 6, { start: 3, query: 'bo' }],
    ['(@bob_s-2', 9, { start: 1, query: 'bob_s-2' }],
    ['mail x@bob', 10, undefined],
    ['hi @bo there', 12, undefined],
    ['no at', 5, undefined],
  ];
  for (const [text, caret, expected] of queries) {
    it(`finds ${JSON.stringify(expected)} in ${JSON.stringify(text)} at ${caret}`, () => {
      expect(mentionQueryAt(text, caret)).to.deep.equal(expected);
    });
  }

  it('matches usernames first, then nickname words, then either containing the query', () => {
    const candidates = [
      { username: 'zed', nickname: 'Bo Diddley' },
      { username: 'carlbo' },
      { username: 'Bob' },
      { username: 'alice' },
    ];
    expect(matchMentionCandidates(candidates, 'bo').map((name) => name.username)).to.deep.equal(['Bob', 'zed', 'carlbo']);
    expect(matchMentionCandidates(candidates, '').length).to.equal(4);
    expect(matchMentionCandidates(candidates, 'q')).to.deep.equal([]);
  });

  it('adds the server’s matches after the local ones, in its order, none twice (ignoring case), eight at most', () => {
    const local = [{ username: 'member0042', nickname: 'Ann' }, { username: 'memberzed' }];
    const found = [{ username: 'member0000' }, { username: 'MEMBER0042' }, { username: 'member0001' }];
    expect(mergeMentionSuggestions(local, found)).to.deep.equal([
      { username: 'member0042', nickname: 'Ann' },
      { username: 'memberzed' },
      { username: 'member0000' },
      { username: 'member0001' },
    ]);
    const many = Array.from({ length: 20 }, (_, i) => ({ username: `member00${String(i).padStart(2, '0')}` }));
    const merged = mergeMentionSuggestions(local, [...many, ...many]);
    expect(merged.map((name) => name.username)).to.deep.equal([
      'member0042',
      'memberzed',
      ...many.slice(0, 6).map((name) => name.username),
    ]);
    expect(mergeMentionSuggestions(local, [])).to.deep.equal(local);
    expect(mergeMentionSuggestions([], found, 2).map((name) => name.username)).to.deep.equal(['member0000', 'MEMBER0042']);
  });

  it('inserts @username and a space in place of the partial name, the caret after it', () => {
    expect(insertMention('hi @bo', { start: 3, query: 'bo' }, 6, 'Bob')).to.deep.equal({ text: 'hi @Bob ', caret: 8 });
    expect(insertMention('hi @bo there', { start: 3, query: 'bo' }, 6, 'Bob')).to.deep.equal({ text: 'hi @Bob there', caret: 8 });
    expect(insertMention('@b', { start: 0, query: 'b' }, 2, 'bob')).to.deep.equal({ text: '@bob ', caret: 5 });
  });
});

describe('Mention chips in message text', () => {
  it('marks @name of mentioned members only, keeping the text as written', () => {
    expect(splitMentions('hi @Bob. and @eve, x@bob.com @bob', ['bob'])).to.deep.equal([
      { type: 'text', text: 'hi ' },
      { type: 'mention', text: '@Bob', username: 'bob' },
      { type: 'text', text: '. and @eve, x@bob.com ' },
      { type: 'mention', text: '@bob', username: 'bob' },
    ]);
  });

  it('leaves text alone without mentions', () => {
    expect(splitMentions('hi @bob', undefined)).to.deep.equal([{ type: 'text', text: 'hi @bob' }]);
    expect(splitMentions('hi @bob', [])).to.deep.equal([{ type: 'text', text: 'hi @bob' }]);
  });
});

describe('Reactions', () => {
  const nameOf = (username: string) => (username === 'bob' ? { username, nickname: 'Bobby' } : { username });

  it('shows each emoji with its count, pressed when mine, the names in the title', () => {
    const chips = reactionChips(
      [
        { emoji: '👍', users: ['bob', 'Alice'] },
        { emoji: '🎉', users: ['carol'] },
        { emoji: '😢', users: [] },
      ],
      { me: 'alice', nameOf },
    );
    expect(chips).to.deep.equal([
      { emoji: '👍', count: 2, mine: true, title: 'Bobby (bob) and You reacted with 👍' },
      { emoji: '🎉', count: 1, mine: false, title: 'carol reacted with 🎉' },
    ]);
  });

  it('lists names in plain English', () => {
    expect(reactorsText([])).to.equal('');
    expect(reactorsText(['a'])).to.equal('a');
    expect(reactorsText(['a', 'b', 'c'])).to.equal('a, b and c');
  });

  it('tells whether I reacted with an emoji', () => {
    const reactions = [{ emoji: '👍', users: ['Alice'] }];
    expect(hasReacted(reactions, '👍', 'alice')).to.equal(true);
    expect(hasReacted(reactions, '🎉', 'alice')).to.equal(false);
  });
});

describe('Emoji search', () => {
  const list: EmojiEntry[] = [
    { emoji: '😀', name: 'grinning face', tags: ['happy', 'smile'], group: 0 },
    { emoji: '🎉', name: 'party popper', tags: ['celebrate', 'tada'], group: 6 },
    { emoji: '👍', name: 'thumbs up', tags: ['+1', 'yes'], group: 1 },
    { emoji: '🥳', name: 'partying face', tags: ['party'], group: 0 },
  ];

  it('finds by tag and by the start of a word of the name, exact names first', () => {
    expect(searchEmoji(list, 'tada').map((entry) => entry.emoji)).to.deep.equal(['🎉']);
    expect(searchEmoji(list, 'PART').map((entry) => entry.emoji)).to.deep.equal(['🎉', '🥳']);
    expect(searchEmoji(list, 'thumbs up').map((entry) => entry.emoji)).to.deep.equal(['👍']);
    expect(searchEmoji(list, 'face smile').map((entry) => entry.emoji)).to.deep.equal(['😀']);
    expect(searchEmoji(list, 'zzz')).to.deep.equal([]);
    expect(searchEmoji(list, '  ')).to.have.length(4);
  });

  it('offers frequent emoji the server takes as one reaction each', async () => {
    const { isSingleEmoji } = await import('../../../src/shared/emoji');
    for (const entry of FREQUENT_EMOJI) expect(isSingleEmoji(entry.emoji), entry.name).to.equal(true);
  });

  it('writes emoji that have skin tones in the chosen one, both people of a pair, and leaves others be', () => {
    const wave: EmojiEntry = { emoji: '👋', name: 'waving hand', tags: [], group: 1, skin: '👋🏻' };
    const pair: EmojiEntry = { emoji: '🧑‍🤝‍🧑', name: 'people holding hands', tags: [], group: 1, skin: '🧑🏻‍🤝‍🧑🏻' };
    const party: EmojiEntry = { emoji: '🎉', name: 'party popper', tags: [], group: 6 };
    expect(SKIN_TONES.map(({ tone }) => withSkinTone(wave, tone))).to.deep.equal(['👋', '👋🏻', '👋🏼', '👋🏽', '👋🏾', '👋🏿']);
    expect(withSkinTone(pair, 5)).to.equal('🧑🏿‍🤝‍🧑🏿');
    expect(withSkinTone(party, 3)).to.equal('🎉');
    expect(nameInSkinTone(wave, 2)).to.equal('waving hand: medium-light skin tone');
    expect(nameInSkinTone(wave, 0)).to.equal('waving hand');
    expect(nameInSkinTone(party, 2)).to.equal('party popper');
    expect([0, 5].map(isSkinTone)).to.deep.equal([true, true]);
    expect([6, -1, 1.5, '1', null].map(isSkinTone)).to.deep.equal([false, false, false, false, false]);
  });

  it('offers frequent emoji in every skin tone the server takes as one reaction', async () => {
    const { isSingleEmoji } = await import('../../../src/shared/emoji');
    const toned = FREQUENT_EMOJI.filter((entry) => entry.skin !== undefined);
    expect(toned.map((entry) => entry.emoji)).to.deep.equal(['👍', '🙏']);
    for (const entry of toned) {
      for (const { tone } of SKIN_TONES) expect(isSingleEmoji(withSkinTone(entry, tone)), `${entry.name} ${tone}`).to.equal(true);
    }
  });

  it('moves in a grid by cell, by row and to the ends, staying inside', () => {
    expect(gridMove(0, 'ArrowRight', 10, 4)).to.equal(1);
    expect(gridMove(0, 'ArrowLeft', 10, 4)).to.equal(0);
    expect(gridMove(1, 'ArrowDown', 10, 4)).to.equal(5);
    expect(gridMove(7, 'ArrowDown', 10, 4)).to.equal(7);
    expect(gridMove(5, 'ArrowUp', 10, 4)).to.equal(1);
    expect(gridMove(5, 'End', 10, 4)).to.equal(9);
    expect(gridMove(5, 'Home', 10, 4)).to.equal(0);
    expect(gridMove(5, 'a', 10, 4)).to.equal(undefined);
  });
});

describe('Alerts for mentions', () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'document');
  before(() => {
    Object.defineProperty(globalThis, 'document', { value: { title: 'Chat', visibilityState: 'visible' }, configurable: true });
  });
  after(() => {
    if (saved) Object.defineProperty(globalThis, 'document', saved);
    else Reflect.deleteProperty(globalThis, 'document');
  });

  it('chimes for a mention in a muted conversation, and not for other messages there', () => {
    let chimes = 0;
    const chime = { play: () => void chimes++ } as unknown as Chime; // only play() is used
    const alerts = new Alerts(() => ({ sound: true, notifications: false, muted: ['c1'] }), chime);
    alerts.newMessage(message('2'), 'Everyone', () => undefined, false);
    expect(chimes).to.equal(0);
    alerts.newMessage(message('3', ['alice']), 'Everyone', () => undefined, true);
    expect(chimes).to.equal(1);
  });
});
