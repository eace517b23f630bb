/** Room events on the page (issue 14, defect 9): held by the timeline, placed among the rows, worded. */
import { expect } from 'chai';
import type { Message, RoomEvent } from '../../../src/shared/types';
import { layoutRows, type Row } from '../../../src/client/message-layout';
import { Timeline } from '../../../src/client/timeline';
import { placeMarkers } from '../../../src/client/timeline-markers';
import { roomEventLine } from '../../../src/client/views/marker-row';
import { labelText } from '../../../src/client/views/name';

const NOW = new Date('2025-03-12T12:00:00.000Z');
const message = (id: number, from = 'bob'): Message => ({
  id: String(id),
  channelId: 'r1',
  from,
  text: `m${id}`,
  sentAt: `2025-03-12T10:00:0${id}.000Z`,
});
const event = (id: number, afterMessageId: number, kind: RoomEvent['kind'] = 'joined', actor = 'cat'): RoomEvent => ({
  id: String(id),
  channelId: 'r1',
  kind,
  actor,
  at: '2025-03-12T10:00:00.000Z',
  afterMessageId: String(afterMessageId),
});
const shape = (rows: Row[]) =>
  rows.map((row) =>
    row.kind === 'message'
      ? `${row.message.text}${row.grouped ? '+' : ''}`
      : row.kind === 'event'
        ? `e${row.event.id}`
        : row.kind === 'outgoing'
          ? `out${row.grouped ? '+' : ''}`
          : row.kind,
  );

describe('room events on the page', () => {
  it('are held in order of place, then id, without duplicates; live ones not past a window', () => {
    const timeline = new Timeline('r1');
    timeline.addEvents([event(1, 0)]);
    expect(timeline.events, 'nothing before the first page').to.deep.equal([]);
    timeline.addPage([message(1), message(2)]);
    timeline.status = 'ready';
    timeline.addEvents([event(3, 2), event(2, 2), event(1, 0), event(3, 2)]);
    expect(timeline.events.map((e) => e.id)).to.deep.equal(['1', '2', '3']);
    timeline.hasNewer = true;
    timeline.addEvents([event(4, 9)], true);
    expect(timeline.events).to.have.length(3);
    timeline.reset();
    expect(timeline.events).to.deep.equal([]);
  });

  it('are placed after the message they followed, breaking the group; the divider above the first unread', () => {
    const rows = layoutRows([message(1), message(2), message(3), message(4)], [], 'me', NOW);
    expect(shape(rows)).to.deep.equal(['day', 'm1', 'm2+', 'm3+', 'm4+']);
    const placed = placeMarkers(rows, [event(1, 0), event(2, 2), event(3, 4)], '3');
    expect(shape(placed)).to.deep.equal(['day', 'e1', 'm1', 'm2+', 'e2', 'unread', 'm3', 'm4+', 'e3']);
  });

  it('come before the outgoing messages not yet stored', () => {
    const rows = layoutRows(
      [message(1, 'me')],
      [{ clientId: 'a', text: 'hi', state: 'sending', createdAt: new Date('2025-03-12T10:00:05.000Z') }],
      'me',
      NOW,
    );
    expect(shape(placeMarkers(rows, [event(1, 1)], undefined))).to.deep.equal(['day', 'm1', 'e1', 'out']);
  });

  it('read as people would say it, with names as the page writes them', () => {
    const nameOf = (username: string) => (username === 'bob' ? { username, nickname: 'Bobby' } : { username });
    const line = (e: RoomEvent) => roomEventLine(e, nameOf).map(labelText).join('');
    expect(line(event(1, 0, 'created', 'ann'))).to.equal('ann created the room');
    expect(line({ ...event(2, 0, 'added', 'ann'), target: 'bob' })).to.equal('ann added Bobby (bob)');
    expect(line(event(3, 0, 'joined', 'cat'))).to.equal('cat joined');
    expect(line(event(4, 0, 'left', 'bob'))).to.equal('Bobby (bob) left');
  });
});
