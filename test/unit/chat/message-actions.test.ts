import { expect } from 'chai';
import { Engine } from '../../../src/chat/engine';
import { ChatError } from '../../../src/chat/errors';
import type { Actor, ChatEvent } from '../../../src/chat/events';
import { createMemoryStores, type MemoryStores } from '../../../src/store/memory';

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).to.be.instanceOf(ChatError);
  expect((error as ChatError).code).to.equal(code); // checked to be a ChatError just above
}

describe('Engine message actions (memory stores)', () => {
  let stores: MemoryStores;
  let engine: Engine;
  let events: ChatEvent[];
  let alice: Actor;
  let bob: Actor;
  let carol: Actor;
  let now: number;

  async function user(username: string): Promise<Actor> {
    const record = await stores.users.create({ username, passwordHash: 'x', now: Date.now() });
    return { id: record.id, username: record.username };
  }
  const updates = () => events.flatMap((event) => (event.type === 'messageUpdated' ? [event.message] : []));

  beforeEach(async () => {
    now = Date.parse('2026-12-06T08:00:00Z');
    stores = createMemoryStores();
    engine = new Engine({ ...stores, clock: () => now });
    events = [];
    engine.subscribe((event) => events.push(event));
    alice = await user('alice');
    bob = await user('Bob');
    carol = await user('carol');
  });
  afterEach(() => engine.close());

  it('edits, recomputing mentions, and reports the message as it is now', async () => {
    const room = await engine.rooms.create(alice, { name: 'team', members: ['Bob'] });
    const sent = await engine.sendMessage(alice, { channelId: room.id, text: 'hi @bob and @carol' });
    expect(sent.mentions).to.deep.equal(['Bob']);
    now += 1000;
    const edited = await engine.actions.edit(alice, { channelId: room.id, messageId: sent.id, text: '@alice only' });
    expect(edited).to.deep.include({ text: '@alice only', editedAt: '2026-12-06T08:00:01.000Z', mentions: ['alice'] });
    expect(updates()).to.deep.equal([edited]);
    await expectCode(engine.actions.edit(bob, { channelId: room.id, messageId: sent.id, text: 'x' }), 'forbidden');
    await expectCode(engine.actions.edit(carol, { channelId: room.id, messageId: sent.id, text: 'x' }), 'forbidden');
    await expectCode(engine.actions.edit(alice, { channelId: room.id, messageId: '424242', text: 'x' }), 'not_found');
  });

  it('deletes into a tombstone, reported once, and refuses reactions and replies to it', async () => {
    const room = await engine.rooms.create(alice, { name: 'team', members: ['Bob'] });
    const sent = await engine.sendMessage(alice, { channelId: room.id, text: 'bye' });
    await engine.actions.react(bob, { channelId: room.id, messageId: sent.id, emoji: '👋' });
    await engine.actions.remove(alice, room.id, sent.id);
    await engine.actions.remove(alice, room.id, sent.id);
    const tombstones = updates().filter((message) => message.deleted);
    expect(tombstones).to.have.length(1);
    expect(tombstones[0]).to.deep.include({ text: '', deleted: true });
    expect(tombstones[0]).not.to.have.property('reactions');
    await expectCode(engine.actions.react(bob, { channelId: room.id, messageId: sent.id, emoji: '👍' }), 'invalid');
    await expectCode(engine.sendMessage(bob, { channelId: room.id, text: 'x', replyTo: sent.id }), 'invalid');
  });

  it('sends a read receipt to the other member of a direct channel only', async () => {
    const sent = await engine.sendMessage(alice, { to: 'Bob', text: 'read me' });
    events = [];
    await engine.markRead(bob, sent.channelId, sent.id);
    const receipts = events.filter((event) => event.type === 'readReceipt');
    expect(receipts).to.deep.equal([
      {
        type: 'readReceipt',
        userId: alice.id,
        receipt: { channelId: sent.channelId, username: 'Bob', messageId: sent.id },
      },
    ]);
    const [view] = (await engine.listChannels(alice)).filter((channel) => channel.id === sent.channelId);
    expect(view?.readUpTo).to.equal(sent.id);
  });
});
