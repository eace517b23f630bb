/**
 * Below the event layer: hand-made Engine.IO / Socket.IO packets (broken JSON, wrong packet types,
 * absurd attachment counts and ack ids, foreign namespaces, reserved event names) posted into a
 * signed-in connection, and payloads over the 64 KB buffer limit. The sender's own connection may
 * be closed for it; the server, and every other user's socket, carries on.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS } from '../../src/shared';
import { signUp, type SignedIn } from '../support/http';
import { connectAs, ok, openSocket, sleep, waitFor, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { enginePath, pollingHandshake, rawRequest } from '../security/engine-io';
import { anyString } from './arbitraries';
import { report, tally } from './tally';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const RECORD_SEPARATOR = '\u001e';

const eventName = fc.oneof(
  fc.constantFrom(...CLIENT_EVENTS),
  fc.constantFrom(
    'connect',
    'disconnect',
    'disconnecting',
    'newListener',
    'removeListener',
    'error',
    '__proto__',
    'constructor',
    'toString',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
);

/** JSON text, whole or cut anywhere. */
const data = fc.oneof(
  fc.tuple(eventName, fc.jsonValue({ maxDepth: 3 })).map((args) => JSON.stringify(args)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat()).map(([value, cut]) => {
    const text = JSON.stringify(['chatMessage', value]);
    return text.slice(0, cut % (text.length + 1));
  }),
  fc.constantFrom(
    '["chatMessage",{"__proto__":{"to":null,"text":"smuggled"}}]',
    '[{"_placeholder":true,"num":0}]',
    '{"_placeholder":true,"num":99}',
  ),
  anyString,
);

/** One Socket.IO packet as text: type, attachments, namespace, ack id, data, each maybe absurd. */
const socketPacket = fc
  .record({
    type: fc.oneof(fc.constantFrom('0', '1', '2', '3', '4', '5', '6'), fc.string({ maxLength: 2 })),
    attachments: fc.option(fc.constantFrom('0-', '1-', '2-', '99999999999-', '-', 'x-'), { nil: '' }),
    namespace: fc.option(fc.constantFrom('/,', '/admin,', '/x/y,', ',', '/\u0000,'), { nil: '' }),
    id: fc.option(fc.constantFrom('1', '0', '99999999999999999999', '-1', '1.5'), { nil: '' }),
    data: fc.option(data, { nil: '' }),
  })
  .map(({ type, attachments, namespace, id, data }) => `${type}${attachments}${namespace}${id}${data}`);

/** One Engine.IO packet: mostly a message carrying a Socket.IO packet, else any engine type or garbage. */
const enginePacket = fc.oneof(
  { weight: 5, arbitrary: socketPacket.map((packet) => `4${packet}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('0', '1', '2', '3', '5', '6', 'b', 'x', ''), fc.string({ maxLength: 20 }))
      .map((p) => p.join('')),
  },
);

const packets = fc.array(enginePacket, { minLength: 1, maxLength: 4 });

describe('Fuzzing the wire', function () {
  this.timeout(60_000);
  let app: TestApp;
  let fuzzer: SignedIn;
  let bystander: SignedIn;
  let fuzzerTab: ClientSocket;
  let bystanderSocket: ClientSocket;
  const bystanderDisconnects: string[] = [];

  before(async () => {
    // Every run opens a connection of its own: the handshake allowance is not what is tested here.
    app = await createTestApp({ env: { HANDSHAKE_RATE: '100000', HANDSHAKE_BURST: '100000' } });
    [fuzzer, bystander] = await Promise.all([signUp(app.url), signUp(app.url)]);
    fuzzerTab = await connectAs(app.url, fuzzer.cookie);
    bystanderSocket = await connectAs(app.url, bystander.cookie);
    bystanderSocket.on('disconnect', (reason) => bystanderDisconnects.push(reason));
  });

  after(async () => {
    report('fuzzed');
    fuzzerTab?.close();
    bystanderSocket?.close();
    await app?.stop();
  });

  async function bystanderStillHears(text: string): Promise<void> {
    const arrived = waitFor(bystanderSocket, 'chatMessage', (message) => message.text === text);
    await ok(fuzzerTab, 'chatMessage', { to: null, text });
    await arrived;
    expect(bystanderDisconnects).to.deep.equal([]);
  }

  it('survives hand-made packets posted into a signed-in connection', async () => {
    await fc.assert(
      fc.asyncProperty(packets, async (batch) => {
        const sid = await pollingHandshake(app.url, { cookie: fuzzer.cookie });
        const path = enginePath({ transport: 'polling', sid });
        await rawRequest(app.url, path, { cookie: fuzzer.cookie, method: 'POST', body: ['40', ...batch].join(RECORD_SEPARATOR) });
        tally('wire packets', batch.length);
        // Whatever became of that connection, the server still answers a new one.
        expect((await rawRequest(app.url, '/healthz')).status).to.equal(200);
        await rawRequest(app.url, path, { method: 'POST', body: '1' }).catch(() => undefined); // close it if still open
      }),
      { numRuns: RUNS },
    );
    await sleep(100);
    await bystanderStillHears('after the wire fuzz');
    expect(fuzzerTab.connected).to.equal(true);
  });

  for (const transport of ['polling', 'websocket'] as const) {
    it(`closes only the sender's connection for a payload over 64 KB (${transport})`, async () => {
      const sender = await openSocket(app.url, { cookie: fuzzer.cookie, transports: [transport] });
      const closed = new Promise<string>((resolve) => sender.once('disconnect', resolve));
      (sender as unknown as Socket).emit('chatMessage', { to: null, text: 'x'.repeat(70_000) }); // untyped: no ack on purpose
      tally('oversized payloads');
      expect(await closed).to.be.a('string');
      sender.close();
      await bystanderStillHears(`after an oversized ${transport} payload`);
      // The sender is not locked out: a new connection works.
      const again = await connectAs(app.url, fuzzer.cookie, { transports: [transport] });
      again.close();
    });
  }
});
