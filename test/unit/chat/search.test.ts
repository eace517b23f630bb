import { expect } from 'chai';
import { Engine } from '../../../src/chat/engine';
import { ChatError } from '../../../src/chat/errors';
import type { Actor } from '../../../src/chat/events';
import { searchMessagesSchema } from '../../../src/shared';
import { createMemoryStores, type MemoryStores } from '../../../src/store/memory';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof ChatError ? error.code : String(error);
}

describe('Engine message search (memory stores)', () => {
  let stores: MemoryStores;
  let engine: Engine;
  let alice: Actor;
  let bob: Actor;

  async function user(username: string): Promise<Actor> {
    const record = await stores.users.create({ username, passwordHash: 'x', now: Date.now() });
    return { id: record.id, username: record.username };
  }
  const search = (actor: Actor, payload: unknown) => engine.search.search(actor, searchMessagesSchema.parse(payload));

  beforeEach(async () => {
    stores = createMemoryStores();
    engine = new Engine(stores);
    alice = await user('alice');
    bob = await user('bob');
  });
  afterEach(() => engine.close());

  it('answers Messages newest first, narrowed to a channel the actor belongs to', async () => {
    const room = await engine.rooms.create(alice, { name: 'team' });
    const first = await engine.sendMessage(alice, { channelId: room.id, text: 'Deploying on Friday' });
    const second = await engine.sendMessage(alice, { to: null, text: 'deploy fries' });
    expect(await search(alice, { query: 'deploy fri' })).to.deep.equal({ messages: [second, first], hasMore: false });
    expect(await search(alice, { query: 'deploy', channelId: room.id, limit: 1 })).to.deep.equal({
      messages: [first],
      hasMore: false,
    });
    expect((await search(bob, { query: 'deploy' })).messages).to.deep.equal([second]);
    expect(await codeOf(search(bob, { query: 'deploy', channelId: room.id }))).to.equal('forbidden');
    expect(await codeOf(search(bob, { query: 'deploy', channelId: '999' }))).to.equal('forbidden');
  });

  it('finds nothing for terms without letters or digits, and refuses a query without a 3-character term', async () => {
    await engine.sendMessage(alice, { to: null, text: '*** !!!' });
    expect(await search(alice, { query: '*** !!!' })).to.deep.equal({ messages: [], hasMore: false });
    expect(searchMessagesSchema.safeParse({ query: 'ab cd' }).success).to.equal(false);
    expect(searchMessagesSchema.safeParse({ query: ' abc ' }).success).to.equal(true);
  });
});
