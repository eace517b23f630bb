/**
 * A timeline holding a window of older history (message-jump.ts): live messages wait for the newer
 * pages. MessageJump fills it and highlights the message jumped to.
 */
import { expect } from 'chai';
import { LIMITS } from '../../../src/shared/limits';
import type { Message } from '../../../src/shared/types';
import type { Connection } from '../../../src/client/connection';
import { MessageJump } from '../../../src/client/message-jump';
import { highlightedIn } from '../../../src/client/store/message-selectors';
import { Store } from '../../../src/client/store/store';
import { Timeline } from '../../../src/client/timeline';
import { reduce } from '../../../src/client/store/reducer';
import { createState } from '../../../src/client/store/state';

const message = (id: string, clientId?: string): Message => ({
  id,
  channelId: 'c1',
  from: 'bob',
  text: `message ${id}`,
  sentAt: '2025-03-12T10:00:00.000Z',
  ...(clientId ? { clientId } : {}),
});

const ids = (timeline: Timeline) => timeline.messages.map((m) => m.id);

describe('Timeline: a window of older history', () => {
  it('replaces what it held, takes older live messages, and drops newer ones until the window reaches the latest', () => {
    const timeline = new Timeline('c1');
    timeline.addPage([message('90'), message('91')]);
    timeline.status = 'ready';
    timeline.showWindow([message('10'), message('11'), message('12')], true, true);
    expect(ids(timeline)).to.deep.equal(['10', '11', '12']);
    expect([timeline.status, timeline.hasMore, timeline.hasNewer]).to.deep.equal(['ready', true, true]);
    expect(timeline.add(message('95'))).to.equal(false);
    expect(timeline.add(message('9'))).to.equal(true);
    expect(timeline.addNewerPage([message('13'), message('14')], true).map((m) => m.id)).to.deep.equal(['13', '14']);
    expect(timeline.hasNewer).to.equal(true);
    timeline.addNewerPage([message('15')], false);
    expect(timeline.hasNewer).to.equal(false);
    expect(timeline.add(message('96'))).to.equal(true);
    expect(ids(timeline)).to.deep.equal(['9', '10', '11', '12', '13', '14', '15', '96']);
  });

  it('forgets the window on reset', () => {
    const timeline = new Timeline('c1');
    timeline.showWindow([message('10')], false, true);
    timeline.loadingNewer = true;
    timeline.reset();
    expect([timeline.status, timeline.hasNewer, timeline.loadingNewer]).to.deep.equal(['empty', false, false]);
  });

  it('is filled and paged by the reducer', () => {
    const state = createState({ username: 'me', online: true });
    const channel = { id: 'c1', kind: 'room' as const, name: 'r', unread: 0, mentions: 0 };
    reduce(state, { type: 'windowLoaded', channel, messages: [message('5'), message('6')], hasMore: false, hasNewer: true });
    reduce(state, { type: 'newerPageRequested', channelId: 'c1' });
    expect(state.timelines.get('c1')?.loadingNewer).to.equal(true);
    reduce(state, { type: 'newerPageLoaded', channelId: 'c1', messages: [message('7')], hasNewer: false });
    const timeline = state.timelines.get('c1');
    expect(timeline && ids(timeline)).to.deep.equal(['5', '6', '7']);
    expect([timeline?.loadingNewer, timeline?.hasNewer]).to.deep.equal([false, false]);
    expect(state.channels.get('c1')?.name).to.equal('r');
  });
});

describe('MessageJump: one way to bring a message into view (search results, reply quotes)', () => {
  const channel = { id: 'c1', kind: 'room' as const, name: 'r', unread: 0, mentions: 0 };

  function setup(highlightMs = 20) {
    const store = new Store(createState({ username: 'me', online: true }), () => undefined);
    const requests: Record<string, unknown>[] = [];
    const connection = {
      async request(event: string, payload: Record<string, unknown>) {
        expect(event).to.equal('chatHistory');
        requests.push(payload);
        const messages = payload.before !== undefined ? [message('9'), message('10')] : [message('11')];
        return { ok: true, channel, messages, hasMore: payload.before !== undefined };
      },
    } as unknown as Connection;
    const opened: string[] = [];
    const jump = new MessageJump({
      connection,
      store,
      open: async (channelId) => {
        opened.push(channelId);
        store.dispatch({ type: 'channelOpened', channelId });
      },
      catchUp: async () => undefined,
      loadLatest: async () => undefined,
      highlightMs,
    });
    return { store, requests, opened, jump };
  }

  it('fetches the window around a message not held, opens its conversation and highlights it for a moment', async () => {
    const { store, requests, opened, jump } = setup();
    expect(await jump.jumpToMessage('c1', '10')).to.equal(undefined);
    expect(requests).to.deep.equal([
      { channelId: 'c1', before: '11', limit: LIMITS.historyDefault },
      { channelId: 'c1', after: '10', limit: LIMITS.historyDefault },
    ]);
    const timeline = store.state.timelines.get('c1');
    expect(timeline?.messages.map((m) => m.id)).to.deep.equal(['9', '10', '11']);
    expect([timeline?.hasMore, timeline?.hasNewer]).to.deep.equal([true, false]);
    expect(opened).to.deep.equal(['c1']);
    expect(highlightedIn(store.state, 'c1')).to.equal('10');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(highlightedIn(store.state, 'c1')).to.equal(undefined);
  });

  it('only highlights a message already held in the open conversation (a reply quote)', async () => {
    const { store, requests, opened, jump } = setup();
    store.dispatch({ type: 'historyLoaded', channel, messages: [message('3'), message('4')], hasMore: true });
    store.dispatch({ type: 'channelOpened', channelId: 'c1' });
    expect(await jump.jumpToMessage('c1', '3')).to.equal(undefined);
    expect([requests, opened]).to.deep.equal([[], []]);
    expect(highlightedIn(store.state, 'c1')).to.equal('3');
  });

  it('keeps the latest highlight for its whole moment when another jump follows', async () => {
    const { store, jump } = setup(30);
    store.dispatch({ type: 'historyLoaded', channel, messages: [message('3'), message('4')], hasMore: true });
    store.dispatch({ type: 'channelOpened', channelId: 'c1' });
    await jump.jumpToMessage('c1', '3');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await jump.jumpToMessage('c1', '4');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(highlightedIn(store.state, 'c1')).to.equal('4');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(highlightedIn(store.state, 'c1')).to.equal(undefined);
  });

  it('says so when the message is gone', async () => {
    const { store, jump } = setup();
    expect(await jump.jumpToMessage('c1', '12')).to.equal('That message is no longer there.');
    expect(highlightedIn(store.state, 'c1')).to.equal(undefined);
  });
});
