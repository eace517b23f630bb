/**
 * The page's ways around, as pure logic (issue 14): drafts per user and conversation, what the
 * quick switcher lists for a name, which conversation Alt+Up/Down reach, and how incoming
 * messages are worded for the live region.
 */
import { expect } from 'chai';
import type { Channel, Message, User } from '../../../src/shared/types';
import { announcementLines, spokenText } from '../../../src/client/announcer';
import { ComposerDrafts, DraftStore } from '../../../src/client/drafts';
import { neighbourChannelId } from '../../../src/client/keyboard-shortcuts';
import { createState } from '../../../src/client/store/state';
import { Store } from '../../../src/client/store/store';
import { localItems, mergeItems, remoteItems } from '../../../src/client/switcher-items';

/** localStorage's interface over a Map. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
}

/** The composer's text, as a field the drafts read and write. */
function fakeComposer() {
  return {
    text: '',
    setText(text: string) {
      this.text = text;
    },
    restore(text: string) {
      if (this.text.trim() === '') this.text = text;
    },
  };
}

const EVERYONE: Channel = { id: '1', kind: 'everyone', name: 'everyone', unread: 0, mentions: 0 };
const BOB: Channel = {
  id: '2',
  kind: 'direct',
  name: 'bob',
  unread: 2,
  mentions: 0,
  lastMessage: { id: '9', channelId: '2', from: 'bob', text: 'hi', sentAt: '2025-01-02T00:00:00Z' },
};
const GARDEN: Channel = {
  id: '3',
  kind: 'room',
  name: 'Garden club',
  unread: 0,
  mentions: 0,
  lastMessage: { id: '5', channelId: '3', from: 'alice', text: 'hi', sentAt: '2025-01-01T00:00:00Z' },
};

function storeWith(channels: Channel[], users: User[] = []): Store {
  const store = new Store(createState({ username: 'alice', online: true }));
  store.dispatch({ type: 'channelsLoaded', channels });
  store.dispatch({ type: 'usersLoaded', users: [{ username: 'alice', online: true }, ...users] });
  return store;
}

describe('Drafts', () => {
  describe('ComposerDrafts', () => {
    it('swaps the composer text with each conversation, so a private draft stays in its conversation', () => {
      const storage = new MemoryStorage();
      const composer = fakeComposer();
      const drafts = new ComposerDrafts(new DraftStore('Alice', storage), composer);
      drafts.switchTo('2');
      composer.text = 'only for bob';
      drafts.changed(composer.text);
      drafts.switchTo('1');
      expect(composer.text).to.equal('');
      drafts.switchTo('2');
      expect(composer.text).to.equal('only for bob');
      expect(storage.keys()).to.deep.equal(['chat.draft.alice.2']);
    });

    it('clears a draft sent, and puts a failed command back only where it was typed', () => {
      const storage = new MemoryStorage();
      const composer = fakeComposer();
      const drafts = new ComposerDrafts(new DraftStore('alice', storage), composer);
      drafts.switchTo('2');
      composer.text = '/invite nobody';
      drafts.submitted();
      composer.text = '';
      drafts.changed('');
      expect(storage.length).to.equal(0);
      drafts.switchTo('1');
      drafts.restore('/invite nobody');
      expect(composer.text).to.equal('');
      drafts.switchTo('2');
      expect(composer.text).to.equal('/invite nobody');
    });
  });

  describe('DraftStore', () => {
    it('clears every draft of its user and no one else’s', () => {
      const storage = new MemoryStorage();
      const alice = new DraftStore('alice', storage);
      alice.save('1', 'a');
      alice.save('2', 'b');
      new DraftStore('bob', storage).save('1', 'c');
      storage.setItem('chat.preferences.v1', '{}');
      alice.clearAll();
      expect(storage.keys()).to.deep.equal(['chat.draft.bob.1', 'chat.preferences.v1']);
    });

    it('keeps no draft of blank text', () => {
      const storage = new MemoryStorage();
      new DraftStore('alice', storage).save('1', '  \n ');
      expect(storage.length).to.equal(0);
    });
  });
});

describe('Quick switcher items', () => {
  it('lists the conversations in the sidebar’s order for an empty query', () => {
    const store = storeWith([GARDEN, BOB, EVERYONE]);
    expect(localItems(store.state, '').map((item) => item.label)).to.deep.equal(['Everyone', 'bob', '# Garden club']);
  });

  it('puts names starting with the query first, then a word of them, then those containing it', () => {
    const users: User[] = [
      { username: 'clubber', online: false },
      { username: 'ann', nickname: 'Nightclub', online: true },
    ];
    const store = storeWith([EVERYONE, BOB, GARDEN], users);
    const items = localItems(store.state, '#club');
    expect(items.map((item) => item.label)).to.deep.equal(['clubber', '# Garden club', 'Nightclub (ann)']);
    expect(items.map((item) => item.kind)).to.deep.equal(['person', 'conversation', 'person']);
  });

  it('offers the server’s people and rooms the page does not have, each once', () => {
    const store = storeWith([EVERYONE, BOB, GARDEN]);
    const rooms: Channel[] = [GARDEN, { id: '7', kind: 'room', name: 'Gardeners', unread: 0, mentions: 0 }];
    const users: User[] = [
      { username: 'alice', online: true },
      { username: 'bob', online: true },
      { username: 'gary', online: false },
    ];
    const more = remoteItems(store.state, 'gar', users, rooms);
    expect(more.map((item) => `${item.kind} ${item.label}`)).to.deep.equal(['person gary', 'room # Gardeners']);
    const merged = mergeItems(localItems(store.state, 'gar'), more);
    expect(merged.map((item) => item.label)).to.deep.equal(['# Garden club', 'gary', '# Gardeners']);
  });
});

describe('Alt+Up and Alt+Down', () => {
  it('reach the neighbours in the sidebar’s order, and nothing past either end', () => {
    const store = storeWith([GARDEN, BOB, EVERYONE]);
    store.dispatch({ type: 'channelOpened', channelId: '2' });
    expect(neighbourChannelId(store.state, -1)).to.equal('1');
    expect(neighbourChannelId(store.state, 1)).to.equal('3');
    store.dispatch({ type: 'channelOpened', channelId: '3' });
    expect(neighbourChannelId(store.state, 1)).to.equal(undefined);
  });
});

describe('Announcements of incoming messages', () => {
  const message = (text: string, extra: Partial<Message> = {}): Message => ({
    id: '1',
    channelId: '1',
    from: 'bob',
    text,
    sentAt: '2025-01-01T00:00:00Z',
    ...extra,
  });

  it('reads a few messages one by one, with where they arrived when elsewhere', () => {
    expect(
      announcementLines([
        { who: 'bob', where: undefined, text: 'hi' },
        { who: 'carol', where: '# Garden', text: 'yes' },
        { who: 'dan', where: 'privately', text: 'psst' },
      ]),
    ).to.deep.equal(['bob: hi', 'carol in # Garden: yes', 'dan, privately: psst']);
  });

  it('sums up a burst in one line', () => {
    const burst = Array.from({ length: 5 }, (_, n) => ({ who: n % 2 ? 'bob' : 'carol', where: undefined, text: `${n}` }));
    expect(announcementLines(burst)).to.deep.equal(['5 new messages from carol and bob.']);
    const spread = burst.map((item, n) => ({ ...item, who: 'bob', where: n ? '# Garden' : undefined }));
    expect(announcementLines(spread)).to.deep.equal(['5 new messages from bob in 2 conversations.']);
  });

  it('reads plain text, shortened, and files in words', () => {
    expect(spokenText(message('**Lunch** at _noon_?'))).to.equal('Lunch at noon?');
    expect(spokenText(message('x'.repeat(300)))).to.have.length(141);
    const file = { id: 'a', name: 'a.png', type: 'image/png', size: 1, url: '/u/a' };
    expect(spokenText(message('', { attachments: [file, file] }))).to.equal('sent 2 files');
  });
});
