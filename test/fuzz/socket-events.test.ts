/**
 * Property-based fuzzing of every client event (CLIENT_EVENTS): random and malformed payloads,
 * with and without an ack, with extra arguments, never crash the server, always get a contract
 * answer, never change anything (channels, history, users, read positions: compared before and
 * after, for the fuzzing user and a bystander), never pollute a prototype, and never disturb
 * another user's socket, which still hears a message sent afterwards.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import type { z } from 'zod';
import type { Actor } from '../../src/chat/events';
import {
  CLIENT_EVENTS,
  ERROR_CODES,
  channelRefSchema,
  chatHistorySchema,
  chatMessageSchema,
  createRoomSchema,
  deleteMessageSchema,
  editMessageSchema,
  findUsersSchema,
  inviteToRoomSchema,
  listRoomsSchema,
  markReadSchema,
  noPayloadSchema,
  reactSchema,
  searchMessagesSchema,
  watchPresenceSchema,
  setNicknameSchema,
  type Channel,
  type ClientEventName,
  type Message,
  type ServerEventName,
} from '../../src/shared';
import { signUp } from '../support/http';
import { connectAs, ok, request, sleep, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { binary, junk, nearMiss } from './arbitraries';
import { report, tally } from './tally';

/** Runs per event; FUZZ_RUNS raises it for a longer local session. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** Payloads over maxHttpBufferSize (64 KB) end the sender's connection by design: a separate test. */
const WIRE_BUDGET = 60_000;

const SCHEMAS: Record<ClientEventName, z.ZodType> = {
  channels: noPayloadSchema,
  chatHistory: chatHistorySchema,
  chatMessage: chatMessageSchema,
  typing: channelRefSchema,
  doneTyping: channelRefSchema,
  markRead: markReadSchema,
  findUsers: findUsersSchema,
  setNickname: setNicknameSchema,
  createRoom: createRoomSchema,
  listRooms: listRoomsSchema,
  joinRoom: channelRefSchema,
  inviteToRoom: inviteToRoomSchema,
  leaveRoom: channelRefSchema,
  editMessage: editMessageSchema,
  watchPresence: watchPresenceSchema,
  deleteMessage: deleteMessageSchema,
  react: reactSchema,
  searchMessages: searchMessagesSchema,
};

/**
 * Events that only read: any payload may be tried, valid ones too. The others get only invalid ones.
 * `watchPresence` changes only what the fuzzer's own socket hears, and nobody's presence changes meanwhile.
 */
const READ_ONLY = new Set<ClientEventName>([
  'channels',
  'chatHistory',
  'findUsers',
  'listRooms',
  'searchMessages',
  'watchPresence',
]);

const WATCHED: ServerEventName[] = [
  'chatMessage',
  'typing',
  'doneTyping',
  'channelUpdate',
  'userStatus',
  'messageUpdated',
  'readReceipt',
  'roomEvent',
];

type World = {
  fuzzer: Actor;
  bystander: Actor;
  everyoneId: string;
  directId: string;
  roomId: string;
  privateRoomId: string;
  /** A public room the fuzzer is not in: joining it would be a change. */
  foreignRoomId: string;
  lastMessageId: string;
};

function pools(event: ClientEventName, world: World): Record<string, unknown[]> {
  const ids = [
    world.everyoneId,
    world.directId,
    world.roomId,
    world.privateRoomId,
    world.foreignRoomId,
    '0',
    '',
    'x'.repeat(65),
    7,
    null,
  ];
  const names = [
    world.bystander.username,
    world.bystander.username.toUpperCase(),
    world.fuzzer.username,
    'nobody_at_all',
    '',
    'x'.repeat(33),
    9,
  ];
  const texts = ['hello', '   ', '', 'x'.repeat(4001), '😀'.repeat(4001), '\u0000', 5, ['a'], {}, null];
  const messageIds = [
    world.lastMessageId,
    '9'.repeat(18),
    '9'.repeat(19),
    '0',
    '-1',
    '1.5',
    2 ** 53 + 2,
    -1,
    1.5,
    ' 1',
    'abc',
    null,
  ];
  const limits = [1, 50, 0, 51, -1, 1.5, '10', 1e9, null];
  switch (event) {
    case 'channels':
      return { anything: [1] };
    case 'chatHistory':
      return { channelId: ids, with: names, before: messageIds, after: messageIds, limit: limits };
    case 'chatMessage':
      return { channelId: ids, to: [null, '', ...names], text: texts, clientId: ['', 'c'.repeat(65), 'ok-id', 5, null] };
    case 'typing':
    case 'doneTyping':
    case 'joinRoom':
    case 'leaveRoom':
      return { channelId: ids };
    case 'markRead':
      return { channelId: ids, messageId: messageIds };
    case 'findUsers':
      return { query: ['a', '', ' ', 'x'.repeat(33), world.bystander.username, '%', '_', '\\', 5] };
    case 'setNickname':
      return { nickname: ['', ' ', 'x'.repeat(33), 'bad\u0007name', 'tab\there', '\u202e', 5, ['n'], {}] };
    case 'createRoom':
      return {
        name: ['', ' ', 'x'.repeat(65), 'nul\u0000', 5, null],
        private: ['yes', 1, null],
        members: ['bob', [5], Array(101).fill('a')],
      };
    case 'listRooms':
      return { query: ['', 'a', 'x'.repeat(65), '%', 5, null] };
    case 'inviteToRoom':
      return { channelId: ids, username: names };
    case 'editMessage':
      return { channelId: ids, messageId: messageIds, text: texts };
    case 'deleteMessage':
      return { channelId: ids, messageId: messageIds };
    case 'react':
      return { channelId: ids, messageId: messageIds, emoji: EMOJI, on: [true, false, 'yes', 1, null] };
    case 'searchMessages':
      return { query: SEARCH_QUERIES, channelId: ids, before: messageIds, limit: limits };
    case 'watchPresence':
      return { usernames: [[], names, [world.bystander.username], Array(201).fill('a'), 'bob', null] };
  }
}

/** Search queries, valid and not: full-text operators of FTS5 and InnoDB's boolean mode must stay words. */
const SEARCH_QUERIES = [
  'hello',
  'hel',
  'he',
  'a b c',
  '',
  '   ',
  'x'.repeat(101),
  '"hello',
  'hello*',
  '+hello -world',
  'NEAR(hello world)',
  'hello OR world',
  '(hello) AND NOT x',
  '***',
  '@3 ~hel <hel >hel',
  "'; drop table messages; --",
  '%hel_',
  'Ärger мир',
  5,
  null,
  ['hello'],
];

/** Reactions, valid and not: one RGI emoji or anything else. */
const EMOJI = ['👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', '', 'a', '👍👍', '🏽', '🇫', 'x👍', '❤', 5, null];
const BAD_EMOJI = ['', ' ', 'a', ':+1:', '👍👍', '🏽', '🇫', 'x👍', '👍 ', '1', '\u200d', '👍'.repeat(40)];

/** Marks a poison that removes a required key instead of setting it. */
const MISSING = Symbol('missing');

/**
 * For the events that change something: one field that makes the payload invalid by the words
 * of docs/protocol.md, whatever the other fields hold. The payloads built on these are invalid
 * independently of the server's own schemas, so a schema that let one through would be caught.
 */
function poisons(event: ClientEventName): [string, unknown][] {
  const notAString = [5, null, true, {}, [], ['1']];
  const badText = ['', '   ', '\n\t ', 'x'.repeat(4001), '😀'.repeat(4001), ` ${'a'.repeat(4001)} `, ...notAString];
  const withControl = ['a\u0000b', 'bell\u0007', 'tab\there', 'del\u007f', 'c1\u009f', 'esc\u001b[31m'];
  const badMessageIds = ['abc', '-1', '1.5', '1e3', '', -1, 1.5, null, {}, MISSING];
  const entries = (key: string, values: unknown[]) => values.map((value): [string, unknown] => [key, value]);
  switch (event) {
    case 'chatMessage':
      return [...entries('text', [...badText, MISSING]), ...entries('clientId', ['', 'c'.repeat(65), 5, {}, []])];
    case 'setNickname':
      return entries('nickname', ['', '  ', 'x'.repeat(33), ...withControl, 5, true, {}, [], MISSING]);
    case 'createRoom':
      return [
        ...entries('name', ['', ' ', 'x'.repeat(65), ...withControl, ...notAString, MISSING]),
        ...entries('private', ['yes', 1, 'true', {}]),
        ...entries('members', ['bob', 5, {}, [5], [null], [{}]]),
      ];
    case 'markRead':
      return [
        ...entries('messageId', ['abc', '-1', '1.5', '1e3', '', -1, 1.5, null, {}, MISSING]),
        ...entries('channelId', [...notAString, MISSING]),
      ];
    case 'inviteToRoom':
      return [...entries('username', [...notAString, MISSING]), ...entries('channelId', [...notAString, MISSING])];
    case 'typing':
    case 'doneTyping':
    case 'joinRoom':
    case 'leaveRoom':
      return entries('channelId', [...notAString, MISSING]);
    case 'editMessage':
      return [...entries('text', [...badText, MISSING]), ...entries('messageId', badMessageIds)];
    case 'deleteMessage':
      return [...entries('messageId', badMessageIds), ...entries('channelId', [...notAString, MISSING])];
    case 'react':
      return [
        ...entries('emoji', [...BAD_EMOJI, ...notAString, MISSING]),
        ...entries('on', ['yes', 1, 'true', null, {}]),
        ...entries('messageId', badMessageIds),
      ];
    default:
      return [];
  }
}

function poisoned(event: ClientEventName, world: World): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(nearMiss(pools(event, world)), fc.constantFrom(...poisons(event))).map(([payload, [key, value]]) => {
    const copy = { ...payload };
    if (value === MISSING) delete copy[key];
    else Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

/** How the arguments are laid out: the ack, when there is one, is always last. */
type Layout = 'payload+ack' | 'ack-only' | 'extra-args+ack' | 'no-ack' | 'non-function-last';

/** `poisoned`: invalid by construction; otherwise sent only when the schema refuses it too (mutating events). */
type Case = { payload: unknown; layout: Layout; extras: unknown[]; poisoned: boolean };

function cases(event: ClientEventName, world: World): fc.Arbitrary<Case> {
  const mutating = !READ_ONLY.has(event);
  const tagged = (arbitrary: fc.Arbitrary<unknown>, isPoisoned: boolean) =>
    arbitrary.map((payload) => ({ payload, poisoned: isPoisoned }));
  const payload = fc.oneof(
    ...(mutating ? [{ weight: 4, arbitrary: tagged(poisoned(event, world), true) }] : []),
    { weight: mutating ? 1 : 4, arbitrary: tagged(nearMiss(pools(event, world)), false) },
    { weight: 3, arbitrary: tagged(junk, false) },
    { weight: 1, arbitrary: tagged(binary, false) },
  );
  const layout = fc.constantFrom<Layout>(
    'payload+ack',
    'payload+ack',
    'ack-only',
    'extra-args+ack',
    'no-ack',
    'non-function-last',
  );
  return fc
    .record({ tagged: payload, layout, extras: fc.array(junk, { minLength: 1, maxLength: 3 }) })
    .map(({ tagged: { payload, poisoned: isPoisoned }, layout, extras }) => ({
      payload,
      // Without a payload argument the poison never reaches the server.
      poisoned: isPoisoned && layout !== 'ack-only',
      layout,
      extras,
    }));
}

/** What the server's handler sees as the payload: JSON on the wire; binary arrives as a Buffer. */
function asReceived(testCase: Case): unknown {
  if (testCase.layout === 'ack-only') return undefined;
  if (testCase.payload instanceof Uint8Array) return Buffer.from(testCase.payload);
  const json = JSON.stringify([testCase.payload]);
  return (JSON.parse(json) as unknown[])[0];
}

function wireSize(testCase: Case): number {
  const encode = (value: unknown) => (value instanceof Uint8Array ? value.length : (JSON.stringify(value) ?? '').length * 3);
  return encode(testCase.payload) + testCase.extras.reduce<number>((sum, extra) => sum + encode(extra), 0);
}

/** Sends one case; resolves with the ack's response, or undefined when none was asked for. */
async function send(socket: ClientSocket, event: ClientEventName, testCase: Case): Promise<unknown> {
  const raw = (socket as unknown as Socket).timeout(5000); // untyped on purpose: malformed payloads are the point
  switch (testCase.layout) {
    case 'payload+ack':
      return raw.emitWithAck(event, testCase.payload);
    case 'ack-only':
      return raw.emitWithAck(event);
    case 'extra-args+ack':
      return raw.emitWithAck(event, testCase.payload, ...testCase.extras);
    case 'no-ack':
      (socket as unknown as Socket).emit(event, testCase.payload, ...testCase.extras);
      return undefined;
    case 'non-function-last':
      (socket as unknown as Socket).emit(event, testCase.payload, 'not a function');
      return undefined;
  }
}

type AckShape = { ok: boolean; error?: { code?: unknown; message?: unknown } };

function checkAnswer(event: ClientEventName, testCase: Case, response: unknown): void {
  const valid = !testCase.poisoned && SCHEMAS[event].safeParse(asReceived(testCase)).success;
  const answer = response as AckShape;
  expect(answer, 'an ack is an object').to.be.an('object');
  expect(answer.ok, 'ack.ok is a boolean').to.be.a('boolean');
  if (!valid) {
    expect(answer.ok, `${event} accepted ${JSON.stringify(asReceived(testCase))?.slice(0, 200)}`).to.equal(false);
    expect(answer.error?.code).to.equal('invalid');
  } else if (!answer.ok) {
    expect(ERROR_CODES).to.include(answer.error?.code);
  }
  if (!answer.ok) {
    expect(answer.error?.message).to.be.a('string');
    // No internals: stack frames, driver errors, file paths.
    expect(String(answer.error?.message)).not.to.match(/\bat .+:\d+:\d+|SQLITE_|ER_[A-Z_]+|\/work\/|node_modules/);
  }
}

function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return (
    Object.keys(Object.prototype).length === 0 &&
    Object.keys(Array.prototype).length === 0 &&
    Object.keys(Function.prototype).length === 0 &&
    probe.polluted === undefined &&
    probe.channelId === undefined &&
    probe.text === undefined
  );
}

describe('Fuzzing every socket event', function () {
  this.timeout(60_000);
  let app: TestApp;
  let fuzzerSocket: ClientSocket;
  let bystanderSocket: ClientSocket;
  let world: World;
  const heard: Record<'fuzzer' | 'bystander', { event: string; payload: unknown }[]> = { fuzzer: [], bystander: [] };

  before(async () => {
    app = await createTestApp();
    const [fuzzer, bystander] = await Promise.all([signUp(app.url), signUp(app.url)]);
    fuzzerSocket = await connectAs(app.url, fuzzer.cookie);
    bystanderSocket = await connectAs(app.url, bystander.cookie);
    const { channel: direct } = await ok<{ channel: Channel }>(fuzzerSocket, 'chatHistory', { with: bystander.username });
    const { message } = await ok<{ message: Message }>(fuzzerSocket, 'chatMessage', { channelId: direct.id, text: 'hi' });
    await ok(bystanderSocket, 'chatMessage', { to: null, text: 'hello everyone' });
    const suffix = Date.now().toString(36);
    const { channel: room } = await ok<{ channel: Channel }>(fuzzerSocket, 'createRoom', { name: `fuzz-${suffix}` });
    const { channel: privateRoom } = await ok<{ channel: Channel }>(fuzzerSocket, 'createRoom', {
      name: `fuzz-private-${suffix}`,
      private: true,
      members: [bystander.username],
    });
    const { channel: foreign } = await ok<{ channel: Channel }>(bystanderSocket, 'createRoom', {
      name: `fuzz-foreign-${suffix}`,
    });
    const { channels } = await ok<{ channels: Channel[] }>(fuzzerSocket, 'channels');
    const ids = async (name: string) => (await app.stores.users.findByUsername(name))?.id ?? '';
    world = {
      fuzzer: { id: await ids(fuzzer.username), username: fuzzer.username },
      bystander: { id: await ids(bystander.username), username: bystander.username },
      everyoneId: channels.find((channel) => channel.kind === 'everyone')?.id ?? '',
      directId: direct.id,
      roomId: room.id,
      privateRoomId: privateRoom.id,
      foreignRoomId: foreign.id,
      lastMessageId: message.id,
    };
    await sleep(200); // let the set-up's own notices arrive before listening
    for (const [who, socket] of [
      ['fuzzer', fuzzerSocket],
      ['bystander', bystanderSocket],
    ] as const) {
      for (const event of WATCHED) socket.on(event, (payload: unknown) => heard[who].push({ event, payload }));
    }
  });

  after(async () => {
    report('fuzzed');
    fuzzerSocket?.close();
    bystanderSocket?.close();
    await app?.stop();
  });

  /**
   * Everything a payload could change for the two users, read from the Engine (not rate limited).
   * On a shared database other suites may write to `everyone` meanwhile: there only what the two
   * users wrote counts (a message to everyone from the fuzzer is caught by the bystander too).
   */
  async function snapshot(): Promise<string> {
    const ours = new Set([world.fuzzer.username, world.bystander.username]);
    const describe = async (actor: Actor) => {
      const channels = await app.engine.listChannels(actor);
      const described = await Promise.all(
        channels.map(async (channel) => {
          const { messages } = await app.engine.history(actor, { channelId: channel.id, limit: 50 });
          if (channel.kind !== 'everyone') return { channel, messages };
          return {
            channel: { id: channel.id, kind: channel.kind },
            messages: messages.filter((message) => ours.has(message.from)),
          };
        }),
      );
      // By id: the list's order follows activity, which others' writes to `everyone` move.
      described.sort((a, b) => a.channel.id.localeCompare(b.channel.id));
      const user = await app.stores.users.findById(actor.id);
      return { channels: described, nickname: user?.nickname ?? null, username: user?.username };
    };
    return JSON.stringify([await describe(world.fuzzer), await describe(world.bystander)]);
  }

  for (const event of CLIENT_EVENTS) {
    it(`${event}: answers every malformed payload by the contract and changes nothing`, async () => {
      const before = await snapshot();
      heard.fuzzer.length = 0;
      heard.bystander.length = 0;
      await fc.assert(
        fc.asyncProperty(cases(event, world), async (testCase) => {
          fc.pre(wireSize(testCase) < WIRE_BUDGET);
          // Mutating events get only invalid payloads: poisoned ones, or others the schema refuses too.
          if (!READ_ONLY.has(event) && !testCase.poisoned) fc.pre(!SCHEMAS[event].safeParse(asReceived(testCase)).success);
          tally('socket payloads');
          const response = await send(fuzzerSocket, event, testCase);
          if (response !== undefined) checkAnswer(event, testCase, response);
          expect(prototypesClean(), 'prototypes untouched').to.equal(true);
        }),
        { numRuns: RUNS },
      );
      // The socket still answers (an invalid payload is answered before any rate limit), and the
      // events sent without an ack before it have been handled.
      expect(await request(fuzzerSocket, 'chatMessage', 42)).to.have.nested.property('error.code', 'invalid');
      await sleep(50);
      expect(fuzzerSocket.connected && bystanderSocket.connected, 'both sockets still connected').to.equal(true);
      expect(await snapshot(), 'state after fuzzing').to.equal(before);
      expect(heard.bystander, 'the bystander heard nothing').to.deep.equal([]);
      expect(heard.fuzzer, 'the fuzzer heard nothing').to.deep.equal([]);
    });
  }

  it('still delivers a message from the fuzzer to the bystander afterwards, and the server is healthy', async () => {
    const arrived = new Promise<Message>((resolve) => bystanderSocket.once('chatMessage', resolve));
    await ok(fuzzerSocket, 'chatMessage', { channelId: world.directId, text: 'after the fuzz' });
    expect((await arrived).text).to.equal('after the fuzz');
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).to.equal(200);
  });
});
