import { expect } from 'chai';
import type { User } from '../../../src/shared/types';
import { MentionLookup } from '../../../src/client/mention-lookup';
import type { Failure } from '../../../src/client/room-requests';

const DELAY = 5;
const user = (username: string): User => ({ username, online: false });
const settle = (ms = DELAY * 4) => new Promise((resolve) => setTimeout(resolve, ms));

/** A `findUsers` whose replies the test releases, in any order. */
function fakeFind() {
  const asked: string[] = [];
  const pending = new Map<string, (reply: User[] | Failure) => void>();
  const find = (query: string) =>
    new Promise<User[] | Failure>((resolve) => {
      asked.push(query);
      pending.set(query, resolve);
    });
  const answer = (query: string, reply: User[] | Failure) => pending.get(query)?.(reply);
  return { find, asked, answer };
}

describe('MentionLookup', () => {
  it('asks once typing pauses, for the latest query only', async () => {
    const server = fakeFind();
    const lookup = new MentionLookup(server.find, DELAY);
    const heard: string[][] = [];
    for (const query of ['m', 'me', 'mem']) lookup.ask(query, (users) => heard.push(users.map((u) => u.username)));
    await settle();
    expect(server.asked).to.deep.equal(['mem']);
    server.answer('mem', [user('member1')]);
    await settle();
    expect(heard).to.deep.equal([['member1']]);
  });

  it('drops a reply that arrives after a newer ask, or after a cancel', async () => {
    const server = fakeFind();
    const lookup = new MentionLookup(server.find, DELAY);
    const heard: string[] = [];
    lookup.ask('me', () => heard.push('me'));
    await settle();
    lookup.ask('mem', () => heard.push('mem'));
    await settle();
    server.answer('me', [user('meg')]);
    server.answer('mem', [user('member1')]);
    await settle();
    expect(heard).to.deep.equal(['mem']);

    lookup.ask('x', () => heard.push('x'));
    await settle();
    lookup.cancel();
    server.answer('x', [user('xavier')]);
    await settle();
    expect(heard).to.deep.equal(['mem']);
  });

  it('passes nothing on a refusal or a failed request', async () => {
    const heard: unknown[] = [];
    const refused = new MentionLookup(() => Promise.resolve({ code: 'unavailable', message: 'no' }), DELAY);
    refused.ask('me', (users) => heard.push(users));
    const broken = new MentionLookup(() => Promise.reject(new Error('gone')), DELAY);
    broken.ask('me', (users) => heard.push(users));
    await settle();
    expect(heard).to.deep.equal([]);
  });

  it('sends no query findUsers would refuse: empty, or over 32 characters', async () => {
    const server = fakeFind();
    const lookup = new MentionLookup(server.find, DELAY);
    lookup.ask('', () => undefined);
    await settle();
    lookup.ask('a'.repeat(33), () => undefined);
    await settle();
    lookup.ask('a'.repeat(32), () => undefined);
    await settle();
    expect(server.asked).to.deep.equal(['a'.repeat(32)]);
  });
});
