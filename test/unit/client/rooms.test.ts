import { expect } from 'chai';
import type { Channel } from '../../../src/shared/types';
import { checkNickname, checkRoomName, fullName } from '../../../src/client/names';
import { typingLine } from '../../../src/client/page-renderer';
import {
  addUsername,
  describeRoom,
  isUsername,
  parseUsernames,
  roomSearchStatus,
  sortMembers,
} from '../../../src/client/room-text';

describe('Client names and room input', () => {
  describe('fullName', () => {
    it('puts the nickname beside the username, never instead of it', () => {
      expect(fullName({ username: 'alice', nickname: 'Ally' })).to.equal('Ally (alice)');
      expect(fullName({ username: 'alice' })).to.equal('alice');
      expect(fullName({ username: 'bob', nickname: 'alice' })).to.equal('alice (bob)');
    });
  });

  describe('checkNickname', () => {
    it('trims and takes 1 to 32 code points', () => {
      expect(checkNickname('  Ally  ')).to.deep.equal({ ok: true, value: 'Ally' });
      expect(checkNickname('🦊'.repeat(32))).to.deep.equal({ ok: true, value: '🦊'.repeat(32) });
      expect(checkNickname('Zoë 🦊')).to.include({ ok: true });
    });

    it('explains empty, too long and control characters, as the server would refuse them', () => {
      for (const bad of ['', '   ', '🦊'.repeat(33), 'x'.repeat(33), 'two\nlines', 'tab\there', 'bell\u0007', 'c1\u0085']) {
        const checked = checkNickname(bad);
        expect(checked.ok, JSON.stringify(bad)).to.equal(false);
        if (!checked.ok) expect(checked.error).to.match(/^A nickname /);
      }
      const long = checkNickname('x'.repeat(40));
      expect(!long.ok && long.error).to.equal('A nickname can be at most 32 characters (this one has 40).');
    });
  });

  describe('checkRoomName', () => {
    it('takes 1 to 64 code points after trimming, without control characters', () => {
      expect(checkRoomName(' x ')).to.deep.equal({ ok: true, value: 'x' });
      expect(checkRoomName('é'.repeat(64))).to.include({ ok: true });
      expect(checkRoomName('é'.repeat(65)).ok).to.equal(false);
      expect(checkRoomName('').ok).to.equal(false);
      expect(checkRoomName('a\u0000b').ok).to.equal(false);
    });
  });

  describe('parseUsernames', () => {
    it('reads names separated by commas or spaces, drops a leading @, keeps the first spelling once', () => {
      expect(parseUsernames(' alice, @bob  carol;Alice\nBOB ')).to.deep.equal({
        usernames: ['alice', 'bob', 'carol'],
        invalid: [],
      });
      expect(parseUsernames('')).to.deep.equal({ usernames: [], invalid: [] });
    });

    it('sets apart words that cannot be usernames', () => {
      expect(parseUsernames('ok_name al x!y @')).to.deep.equal({ usernames: ['ok_name'], invalid: ['al', 'x!y'] });
      expect(isUsername('a'.repeat(32))).to.equal(true);
      expect(isUsername('a'.repeat(33))).to.equal(false);
    });

    it('adds a username to a list once, ignoring case', () => {
      expect(addUsername(['alice'], 'Bob')).to.deep.equal(['alice', 'Bob']);
      expect(addUsername(['alice', 'Bob'], 'BOB')).to.deep.equal(['alice', 'Bob']);
    });
  });

  describe('sortMembers', () => {
    it('lists me first, then the members online, then the others, by username ignoring case', () => {
      const online = new Set(['dave', 'Bob']);
      const sorted = sortMembers(['carol', 'dave', 'me', 'Bob', 'alice'], (name) => online.has(name), 'ME');
      expect(sorted).to.deep.equal(['me', 'Bob', 'dave', 'alice', 'carol']);
    });
  });

  describe('describeRoom', () => {
    const room: Channel = { id: '7', kind: 'room', name: 'Team', unread: 0, mentions: 0, members: ['a', 'b', 'c'] };

    it('says whether the room is public or private, how many are in it and online', () => {
      expect(describeRoom(room, 2)).to.equal('Public room · 3 members · 2 online');
      expect(describeRoom({ ...room, private: true, members: ['a'] }, 1)).to.equal('Private room · 1 member · 1 online');
      expect(describeRoom({ id: '8', kind: 'room', name: 'X', unread: 0, mentions: 0 }, 0)).to.equal('Public room');
    });
  });

  describe('roomSearchStatus', () => {
    it('counts what was found, says when nothing was, and asks to narrow a full page', () => {
      expect(roomSearchStatus(1, 'team', 100)).to.equal('1 public room found.');
      expect(roomSearchStatus(3, '', 100)).to.equal('3 public rooms found.');
      expect(roomSearchStatus(0, 'zz', 100)).to.equal('No public room’s name contains “zz”.');
      expect(roomSearchStatus(0, '', 100)).to.equal('There are no public rooms yet. Create one!');
      expect(roomSearchStatus(100, 'a', 100)).to.equal('100 public rooms shown; type more of a name to narrow them down.');
    });
  });

  describe('typingLine', () => {
    it('keeps each typer as a name, so the page can show nickname and username apart', () => {
      const ally = { username: 'alice', nickname: 'Ally' };
      const bob = { username: 'bob' };
      expect(typingLine([])).to.deep.equal([]);
      expect(typingLine([ally])).to.deep.equal([ally, ' is typing…']);
      expect(typingLine([ally, bob])).to.deep.equal([ally, ' and ', bob, ' are typing…']);
      expect(typingLine([ally, bob, bob])).to.deep.equal(['Several people are typing…']);
    });
  });
});
