/** A timeline holding a window of older history (message-jump.ts): live messages wait for the newer pages. */
import { expect } from 'chai';
import type { Message } from '../../../src/shared/types';
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
