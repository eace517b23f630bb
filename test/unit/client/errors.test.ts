import { expect } from 'chai';
import type { Connection } from '../../../src/client/connection';
import { ComposerActions } from '../../../src/client/composer-actions';
import { describeError, type ErrorContext } from '../../../src/client/errors';
import { HistoryLoader } from '../../../src/client/history-loader';
import { Outbox } from '../../../src/client/outbox';
import { timelineOf } from '../../../src/client/store/selectors';
import { createState } from '../../../src/client/store/state';
import { Store } from '../../../src/client/store/store';
import { ERROR_CODES, type AckError } from '../../../src/shared/types';

/** What the server says, for developers: none of it may reach the page. */
const SERVER_TEXT = 'Invalid payload: nickname: must be 1–32 characters';
const refusal = (code: AckError['error']['code']): AckError => ({ ok: false, error: { code, message: SERVER_TEXT } });

/** A sentence for people: a capital first, a full stop last, no code or payload path inside. */
function expectSentence(text: string | undefined): void {
  expect(text).to.be.a('string');
  expect(text).to.match(/^[A-Z“].*[.]$/);
  expect(text).not.to.include('Invalid payload');
  expect(text).not.to.match(/\b(not_found|rate_limited|invalid|forbidden|unavailable)\b/);
}

const refusingConnection = (code: AckError['error']['code']) =>
  // The modules under test use only `connected` and `request`.
  ({ connected: true, request: () => Promise.resolve(refusal(code)) }) as unknown as Connection;

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function storeWithEveryone(): Store {
  const store = new Store(createState({ username: 'alice', online: true }));
  const channel = { id: 'c1', kind: 'everyone', name: 'Everyone', unread: 0, mentions: 0 } as const;
  store.dispatch({ type: 'historyLoaded', channel, messages: [], hasMore: true });
  store.dispatch({ type: 'channelOpened', channelId: 'c1' });
  return store;
}

describe('Error wording', () => {
  describe('describeError', () => {
    const contexts: ErrorContext[] = [
      'nickname',
      'send',
      'join',
      'leave',
      'invite',
      'createRoom',
      'searchRooms',
      'findUsers',
      'history',
      'olderHistory',
      'openDirect',
      'react',
      'edit',
      'delete',
      'find',
    ];
    it('has a sentence for people for every context and code', () => {
      for (const context of contexts) for (const code of ERROR_CODES) expectSentence(describeError(context, code));
    });

    it('says what was wrong with a nickname', () => {
      expect(describeError('nickname', 'invalid')).to.match(/^That nickname reads as someone else’s username/);
    });
  });

  it('a refused /nick is told in words, never with the server’s text', async () => {
    const store = storeWithEveryone();
    const told: string[] = [];
    const fail = () => Promise.reject(new Error('not expected'));
    const actions = new ComposerActions({
      store,
      outbox: { send: () => undefined },
      typingSignal: { stop: () => undefined, keystroke: () => undefined },
      requests: {
        setNickname: () => Promise.resolve(refusal('invalid').error),
        search: fail,
        join: fail,
        invite: fail,
        leave: fail,
        findUsers: fail,
      },
      tell: (text) => told.push(text),
      restore: () => undefined,
      openChannel: () => undefined,
      openEveryone: () => undefined,
    });
    actions.submit('/nick bob');
    await settle();
    expectSentence(told.at(-1));
  });

  it('a refused message shows a sentence under it, never the server’s text', async () => {
    const store = storeWithEveryone();
    const outbox = new Outbox(refusingConnection('invalid'), store, () => undefined);
    outbox.send('c1', 'hello');
    await settle();
    const [failed] = timelineOf(store.state, 'c1')?.pending ?? [];
    expect(failed?.state).to.equal('failed');
    expectSentence(failed?.error);
  });

  it('history that cannot be loaded is told in words', async () => {
    const store = storeWithEveryone();
    const history = new HistoryLoader(refusingConnection('forbidden'), store);
    const opened = await history.openWith('bob');
    expectSentence(typeof opened === 'string' ? opened : undefined);
    expectSentence(await history.loadLatest('c2'));
  });
});
