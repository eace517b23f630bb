import { expect } from 'chai';
import type { Channel, ClientEventName } from '../../src/shared';
import { CLIENT_EVENTS } from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, request, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

/** Payloads of the wrong shape for each event; every one must be answered `invalid`. */
function malformed(channelId: string): Record<ClientEventName, unknown[]> {
  // JSON.parse makes __proto__ an own key, as it arrives over the wire.
  const junk: unknown[] = [
    null,
    42,
    'text',
    [],
    [1, 2],
    JSON.parse('{"__proto__": {"admin": true}}'),
    { constructor: { prototype: {} } },
    true,
  ];
  const hugeString = 'x'.repeat(70_000 / 2);
  return {
    channels: [],
    chatHistory: [
      ...junk,
      { channelId: 5 },
      { channelId: [] },
      { with: 12 },
      { with: 'x'.repeat(500) },
      { channelId, limit: '10' },
    ],
    chatMessage: [
      ...junk,
      { channelId, text: 5 },
      { channelId, text: ['a'] },
      { channelId, text: { toString: 'x' } },
      { channelId },
      { text: 'no target' },
      { channelId, text: 'x', clientId: '' },
      { channelId, text: 'x', clientId: 'c'.repeat(65) },
      { to: 5, text: 'x' },
      { channelId, text: hugeString },
    ],
    typing: [...junk, { channelId: {} }],
    doneTyping: [...junk, { channelId: null }],
    markRead: [...junk, { channelId }, { channelId, messageId: 'abc' }, { channelId, messageId: -1 }],
    findUsers: [...junk, { query: '' }, { query: 'x'.repeat(33) }, { query: ['a'] }],
    setNickname: [...junk, { nickname: '' }, { nickname: 'x'.repeat(33) }, { nickname: 'bad\u0007name' }, { nickname: 5 }],
    createRoom: [...junk, { name: '' }, { name: 'x'.repeat(65) }, { name: 'ok', private: 'yes' }, { name: 'ok', members: 'bob' }],
    listRooms: [42, 'text', [], { query: 5 }, { query: 'x'.repeat(65) }],
    joinRoom: [...junk, { channelId: 7 }],
    inviteToRoom: [...junk, { channelId }, { channelId, username: 5 }],
    leaveRoom: [...junk, { channelId: [] }],
    editMessage: [...junk, { channelId }, { channelId, messageId: '1' }, { channelId, messageId: 'x', text: 'a' }],
    deleteMessage: [...junk, { channelId }, { channelId, messageId: 1.5 }],
    react: [
      ...junk,
      { channelId, messageId: '1' },
      { channelId, messageId: '1', emoji: 'ab' },
      { channelId, messageId: '1', emoji: '👍👍' },
      { channelId, messageId: '1', emoji: '👍', on: 'yes' },
    ],
    searchMessages: [
      ...junk,
      { query: '' },
      { query: 'ab cd' },
      { query: 'x'.repeat(101) },
      { query: 5 },
      { query: 'hello', limit: 0 },
      { query: 'hello', limit: 51 },
      { query: 'hello', before: 'abc' },
      { query: 'hello', channelId: 5 },
    ],
    watchPresence: [
      ...junk,
      { usernames: 'bob' },
      { usernames: [5] },
      { usernames: [''] },
      { usernames: ['x'.repeat(33)] },
      { usernames: Array.from({ length: 201 }, (_, i) => `user${i}`) },
    ],
  };
}

describe('malformed payloads', () => {
  let app: TestApp;
  let alice: ClientSocket;
  let bob: ClientSocket;
  let bobName: string;
  let channelId: string;

  before(async () => {
    app = await createTestApp();
    const a = await signUp(app.url);
    const b = await signUp(app.url);
    bobName = b.username;
    alice = await connectAs(app.url, a.cookie);
    bob = await connectAs(app.url, b.cookie);
    ({
      channel: { id: channelId },
    } = await ok<{ channel: Channel }>(alice, 'chatHistory', { with: bobName }));
  });
  after(async () => {
    alice.close();
    bob.close();
    await app.stop();
  });

  it('answers invalid for every wrong shape of every event and changes nothing', async () => {
    const before = await ok<{ channels: Channel[] }>(alice, 'channels');
    const cases = malformed(channelId);
    let checked = 0;
    for (const event of CLIENT_EVENTS) {
      for (const payload of cases[event]) {
        const response = await request(alice, event, payload);
        expect(response.ok === false && response.error.code, `${event} ${JSON.stringify(payload)}`).to.equal('invalid');
        checked++;
      }
    }
    expect(checked).to.be.above(80);
    const after = await ok<{ channels: Channel[] }>(alice, 'channels');
    expect(after).to.deep.equal(before);
    expect(({} as Record<string, unknown>).admin).to.equal(undefined);
    expect(alice.connected && bob.connected).to.equal(true);
  });

  it('survives events without an ack and unknown events', async () => {
    const raw = alice as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit('chatMessage', { channelId, text: 'no ack here' });
    raw.emit('noSuchEvent', { x: 1 });
    raw.emit('chatHistory');
    const { channels } = await ok<{ channels: Channel[] }>(alice, 'channels');
    expect(channels.length).to.be.greaterThan(0);
  });

  it('answers rate_limited past the message allowance', async () => {
    const limited = await createTestApp({ env: { MESSAGE_RATE: '2', MESSAGE_BURST: '3' } });
    try {
      const a = await signUp(limited.url);
      const b = await signUp(limited.url);
      const socket = await connectAs(limited.url, a.cookie);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => request(socket, 'chatMessage', { to: b.username, text: `n${i}` })),
      );
      const codes = responses.map((r) => (r.ok ? 'ok' : r.error.code));
      expect(codes.filter((c) => c === 'ok').length).to.be.within(2, 5);
      expect(codes).to.include('rate_limited');
      socket.close();
    } finally {
      await limited.stop();
    }
  });
});
