import { expect } from 'chai';
import type { Message } from '../../../src/shared/types';
import { compareIds } from '../../../src/client/message-order';
import { layoutRows } from '../../../src/client/message-layout';
import { Timeline } from '../../../src/client/timeline';

const message = (id: string, from = 'bob', sentAt = '2025-03-12T10:00:00.000Z', clientId?: string): Message => ({
  id,
  channelId: 'c1',
  from,
  text: `message ${id}`,
  sentAt,
  ...(clientId ? { clientId } : {}),
});

const ids = (timeline: Timeline) => timeline.messages.map((m) => m.id);

describe('Timeline', () => {
  it('compares ids as integers, beyond 2^53 too', () => {
    expect(compareIds('9', '10')).to.equal(-1);
    expect(compareIds('9007199254740993', '9007199254740992')).to.equal(1);
    expect(compareIds('42', '42')).to.equal(0);
  });

  it('ignores live messages until its first page is asked for', () => {
    const timeline = new Timeline('c1');
    expect(timeline.add(message('5'))).to.equal(false);
    expect(ids(timeline)).to.deep.equal([]);
  });

  it('keeps messages in id order without duplicates, whatever order they come in', () => {
    const timeline = new Timeline('c1');
    timeline.addPage([message('8'), message('9'), message('10')]);
    timeline.status = 'ready';
    expect(timeline.add(message('12'))).to.equal(true);
    expect(timeline.add(message('9'))).to.equal(false);
    timeline.addPage([message('5'), message('6'), message('7')]);
    expect(timeline.add(message('11'))).to.equal(true);
    expect(ids(timeline)).to.deep.equal(['5', '6', '7', '8', '9', '10', '11', '12']);
    expect(timeline.oldestId).to.equal('5');
    expect(timeline.newestId).to.equal('12');
  });

  it('merges live messages that arrive while the first page loads', () => {
    const timeline = new Timeline('c1');
    timeline.status = 'loading';
    timeline.add(message('11'));
    timeline.addPage([message('9'), message('10'), message('11')]);
    expect(ids(timeline)).to.deep.equal(['9', '10', '11']);
  });

  it('replaces an outgoing message when the stored one with its clientId arrives', () => {
    const timeline = new Timeline('c1');
    timeline.addPage([]);
    timeline.status = 'ready';
    timeline.addOutgoing({ clientId: 'abc', text: 'hi', state: 'sending', createdAt: new Date() });
    expect(timeline.pending.map((o) => o.clientId)).to.deep.equal(['abc']);
    timeline.add(message('3', 'me', undefined, 'abc'));
    expect(timeline.pending).to.deep.equal([]);
    expect(ids(timeline)).to.deep.equal(['3']);
  });

  it('updates an outgoing message in place', () => {
    const timeline = new Timeline('c1');
    timeline.addOutgoing({ clientId: 'abc', text: 'hi', state: 'sending', createdAt: new Date() });
    timeline.updateOutgoing('abc', { state: 'failed', error: 'rate limited' });
    expect(timeline.getOutgoing('abc')).to.include({ state: 'failed', error: 'rate limited', text: 'hi' });
    timeline.removeOutgoing('abc');
    expect(timeline.getOutgoing('abc')).to.equal(undefined);
  });
});

describe('layoutRows', () => {
  const now = new Date('2025-03-12T12:00:00.000Z');

  it('groups consecutive messages from one sender within five minutes', () => {
    const rows = layoutRows(
      [
        message('1', 'bob', '2025-03-12T10:00:00.000Z'),
        message('2', 'bob', '2025-03-12T10:04:00.000Z'),
        message('3', 'bob', '2025-03-12T10:10:00.000Z'),
        message('4', 'alice', '2025-03-12T10:10:30.000Z'),
      ],
      [],
      'alice',
      now,
    );
    const shape = rows.map((row) =>
      row.kind === 'message' ? `${row.message.id}${row.grouped ? 'g' : ''}${row.mine ? 'm' : ''}` : row.kind,
    );
    expect(shape).to.deep.equal(['day', '1', '2g', '3', '4m']);
  });

  it('puts a separator at each new local day', () => {
    const rows = layoutRows(
      [
        message('1', 'bob', new Date(2025, 2, 10, 23, 58).toISOString()),
        message('2', 'bob', new Date(2025, 2, 11, 0, 1).toISOString()),
      ],
      [],
      'alice',
      new Date(2025, 2, 11, 9, 0),
    );
    expect(rows.map((row) => (row.kind === 'day' ? row.label : row.kind))).to.deep.equal([
      'Yesterday',
      'message',
      'Today',
      'message',
    ]);
  });

  it('lists outgoing messages after the stored ones, grouped with mine', () => {
    const rows = layoutRows(
      [message('1', 'alice', new Date().toISOString())],
      [{ clientId: 'x', text: 'pending', state: 'sending', createdAt: new Date() }],
      'alice',
      new Date(),
    );
    expect(rows.map((row) => row.key)).to.deep.equal([rows[0]?.key, 'm:1', 'o:x']);
    expect(rows[2]).to.include({ kind: 'outgoing', grouped: true });
  });
});
