import { expect } from 'chai';
import type { Channel, User } from '../../../src/shared/types';
import { ComposerActions, type ComposerRequests } from '../../../src/client/composer-actions';
import { parseComposerText, SHRUG } from '../../../src/client/composer-intent';
import { createState } from '../../../src/client/store/state';
import { Store } from '../../../src/client/store/store';

const EVERYONE: Channel = { id: 'everyone', kind: 'everyone', name: 'Everyone', unread: 0, mentions: 0 };
const GARDEN: Channel = { id: 'r1', kind: 'room', name: 'Garden', members: ['alice'], unread: 0, mentions: 0 };

type Sent = { channelId: string; text: string; to?: string | undefined };

/** ComposerActions on a real store, with recording fakes for the outbox and the requests. */
function harness(requests: Partial<ComposerRequests> = {}, open: Channel = EVERYONE) {
  const me: User = { username: 'alice', online: true };
  const store = new Store(createState(me));
  store.dispatch({ type: 'channelsLoaded', channels: [EVERYONE, GARDEN] });
  store.dispatch({ type: 'channelOpened', channelId: open.id });
  const sent: Sent[] = [];
  const told: { text: string; kind: string }[] = [];
  const restored: string[] = [];
  const opened: string[] = [];
  const refuse = () => Promise.reject(new Error('not expected'));
  const actions = new ComposerActions({
    store,
    outbox: { send: (channelId, text, extras) => sent.push({ channelId, text, to: extras?.to }) },
    typingSignal: { stop: () => undefined, keystroke: () => undefined },
    requests: {
      setNickname: refuse,
      search: refuse,
      findUsers: refuse,
      join: refuse,
      invite: refuse,
      leave: refuse,
      ...requests,
    },
    tell: (text, kind = 'info') => told.push({ text, kind }),
    restore: (text) => restored.push(text),
    openChannel: (channelId) => opened.push(channelId),
    openEveryone: () => opened.push('everyone'),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const lastTold = () => told.filter((line) => line.text !== '').at(-1);
  return { actions, store, sent, told, restored, opened, settle, lastTold };
}

describe('Composer commands', () => {
  describe('parseComposerText', () => {
    it('reads each command of the table', () => {
      const cases: [string, unknown][] = [
        ['/me waves', { kind: 'me', text: 'waves' }],
        ['/join Garden Club', { kind: 'join', room: 'Garden Club' }],
        ['/join # garden', { kind: 'join', room: 'garden' }],
        ['/leave', { kind: 'leave' }],
        ['/invite @bob', { kind: 'invite', username: 'bob' }],
        ['/help', { kind: 'help' }],
        ['/HELP', { kind: 'help' }],
        ['/shrug', { kind: 'message', text: SHRUG }],
        ['/shrug oh well', { kind: 'message', text: `oh well ${SHRUG}` }],
        ['/frobnicate now', { kind: 'unknown', command: 'frobnicate' }],
        ['/usr/bin/env', { kind: 'unknown', command: 'usr/bin/env' }],
        ['/toString', { kind: 'unknown', command: 'toString' }],
        ['//text', { kind: 'message', text: '/text' }],
        ['//', { kind: 'message', text: '/' }],
        ['/join', { kind: 'usage', command: 'join', usage: '/join <room name>' }],
        ['/me', { kind: 'usage', command: 'me', usage: '/me <action>' }],
        ['/invite bob!', { kind: 'usage', command: 'invite', usage: '/invite <username>' }],
        ['/leave now', { kind: 'usage', command: 'leave', usage: '/leave' }],
        ['a / b', { kind: 'message', text: 'a / b' }],
      ];
      for (const [text, intent] of cases) expect(parseComposerText(text), text).to.deep.equal(intent);
    });
  });

  describe('ComposerActions.submit', () => {
    it('sends nothing for an unknown command and says so, keeping the text', () => {
      const { actions, sent, lastTold } = harness();
      expect(actions.submit('/frobnicate foo')).to.equal(false);
      expect(sent).to.deep.equal([]);
      expect(lastTold()).to.deep.equal({ text: 'Unknown command /frobnicate. Type /help.', kind: 'error' });
    });

    it('sends //text as a literal slash and /me as an action in italics', () => {
      const { actions, sent } = harness();
      expect(actions.submit('//text')).to.equal(true);
      expect(actions.submit('/me waves')).to.equal(true);
      expect(actions.submit('/shrug fine')).to.equal(true);
      expect(sent.map((message) => message.text)).to.deep.equal(['/text', '_waves_', `fine ${SHRUG}`]);
    });

    it('/join finds the public room by name, joins it and opens it', async () => {
      const joined: string[] = [];
      const club: Channel = { id: 'r2', kind: 'room', name: 'Book Club', members: ['bob'], unread: 0, mentions: 0 };
      const { actions, opened, sent, settle } = harness({
        search: (query) => Promise.resolve(query === 'book club' ? [club] : []),
        join: (channelId) => {
          joined.push(channelId);
          return Promise.resolve({ ...club, members: ['alice', 'bob'] });
        },
      });
      expect(actions.submit('/join book club')).to.equal(true);
      await settle();
      expect(joined).to.deep.equal(['r2']);
      expect(opened).to.deep.equal(['r2']);
      expect(sent).to.deep.equal([]);
    });

    it('/join of a room that does not exist says so and puts the command back', async () => {
      const { actions, restored, lastTold, settle } = harness({ search: () => Promise.resolve([]) });
      actions.submit('/join nowhere');
      await settle();
      expect(lastTold()).to.deep.equal({
        text: 'There is no public room called “nowhere”. Find rooms lists them all.',
        kind: 'error',
      });
      expect(restored).to.deep.equal(['/join nowhere']);
    });

    it('/leave and /invite act on the open room, and only in a room', async () => {
      const left: string[] = [];
      const invited: string[] = [];
      const room = harness(
        {
          leave: (channelId) => {
            left.push(channelId);
            return Promise.resolve(undefined);
          },
          invite: (channelId, username) => {
            invited.push(`${channelId}:${username}`);
            return Promise.resolve(GARDEN);
          },
        },
        GARDEN,
      );
      room.actions.submit('/invite bob');
      room.actions.submit('/leave');
      await room.settle();
      expect(invited).to.deep.equal(['r1:bob']);
      expect(left).to.deep.equal(['r1']);
      expect(room.opened).to.deep.equal(['everyone']);

      const everyone = harness();
      expect(everyone.actions.submit('/leave')).to.equal(false);
      expect(everyone.lastTold()?.kind).to.equal('error');
    });
  });

  describe('a private message', () => {
    const bob: User = { username: 'bob', online: false };

    it('to someone the page knows goes at once', () => {
      const { actions, store, sent } = harness();
      store.dispatch({ type: 'usersLoaded', users: [bob] });
      expect(actions.submit('@BOB hi')).to.equal(true);
      expect(sent).to.deep.equal([{ channelId: 'everyone', text: 'hi', to: 'bob' }]);
    });

    it('to someone looked up on the server goes once found', async () => {
      const { actions, sent, settle } = harness({ findUsers: () => Promise.resolve([bob, { username: 'bobby', online: true }]) });
      actions.submit('@bob hi');
      await settle();
      expect(sent).to.deep.equal([{ channelId: 'everyone', text: 'hi', to: 'bob' }]);
    });

    it('to no one is refused before sending, in words, with the text kept', async () => {
      const { actions, sent, restored, lastTold, settle } = harness({
        findUsers: () => Promise.resolve([{ username: 'nobodyelse', online: true }]),
      });
      actions.submit('@nobody hello?');
      await settle();
      expect(sent).to.deep.equal([]);
      expect(lastTold()).to.deep.equal({ text: 'There is no one called nobody. Check the name and try again.', kind: 'error' });
      expect(restored).to.deep.equal(['@nobody hello?']);
    });

    it('clears the last status line when a new attempt starts', async () => {
      const { actions, told, settle } = harness({ findUsers: () => Promise.resolve([]) });
      actions.submit('@nobody hello?');
      await settle();
      actions.submit('hello everyone');
      expect(told.at(-1)).to.deep.equal({ text: '', kind: 'info' });
    });
  });
});
