/**
 * The crash test: the real server, a burst of sends with clientIds not waiting for acks, SIGKILL in
 * the middle of it, a restart on the same data. Every message whose ack the client got is in the
 * history exactly once, with the acked id, in the order sent; what was stored is a prefix of what
 * was sent; and re-sending the unacked ones with the same clientIds stores no duplicate. Runs in
 * whichever mode the environment picks (embedded SQLite, or MySQL + Redis).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Channel, Message } from '../../src/shared';
import { signUp, type SignedIn } from '../support/http';
import { connectAs, ok, type ClientSocket } from '../support/sockets';
import { freePort, startServer, uniqueRedisPrefix, type ServerProcess } from './server-process';

const BURST = Number(process.env.CRASH_BURST ?? 1000);
/**
 * Sent as the SIGKILL goes: on a busy machine the server could otherwise ack the whole burst
 * before the signal lands (polling brings hundreds of acks in one response), and there would be
 * no crash in the middle of anything.
 */
const TAIL = 200;

type Round = { name: string; transports: ('polling' | 'websocket')[]; killAfterAcks: number };

const ROUNDS: Round[] = [
  { name: 'websocket, killed early', transports: ['websocket'], killAfterAcks: 100 },
  { name: 'polling, killed late', transports: ['polling'], killAfterAcks: 500 },
];

type Ack = { ok: true; message: Message } | { ok: false; error: { code: string } };

/** The whole channel, oldest first, read forward page by page as a reconnecting client catches up. */
async function wholeHistory(socket: ClientSocket, channelId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let after = '0';
  for (let page = 0; page < 1000; page++) {
    const result = await ok<{ messages: Message[]; hasMore: boolean }>(socket, 'chatHistory', { channelId, after, limit: 50 });
    messages.push(...result.messages);
    const last = result.messages.at(-1);
    if (!result.hasMore || !last) return messages;
    after = last.id;
  }
  throw new Error('history did not end');
}

describe('SIGKILL in the middle of a burst of sends', function () {
  this.timeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chat-crash-'));
  const logFile = path.join(dataDir, 'server.log');
  const redisPrefix = uniqueRedisPrefix();
  const figures = { sent: 0, ackedBeforeKill: 0, storedBeforeKill: 0, resent: 0, checked: 0 };
  let port: number;
  let server: ServerProcess | undefined;
  let alice: SignedIn;
  let channelId: string;

  before(async () => {
    port = await freePort();
    server = await startServer({ port, dataDir, logFile, redisPrefix, env: { MESSAGE_RATE: '100000', MESSAGE_BURST: '100000' } });
    alice = await signUp(server.url);
    const bob = await signUp(server.url);
    const socket = await connectAs(server.url, alice.cookie);
    ({
      channel: { id: channelId },
    } = await ok<{ channel: Channel }>(socket, 'chatHistory', { with: bob.username }));
    socket.close();
  });

  after(async () => {
    await server?.kill();
    console.log(
      `      crash: ${figures.sent} sent in bursts, ${figures.ackedBeforeKill} acked before SIGKILL, ` +
        `${figures.storedBeforeKill} stored, ${figures.resent} re-sent; ${figures.checked} messages checked exactly once and in order`,
    );
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const round of ROUNDS) {
    it(`keeps every acked message exactly once and in order (${round.name})`, async () => {
      if (!server) throw new Error('no server');
      const prefix = `${round.transports[0]}-${Date.now().toString(36)}-`;
      const texts = Array.from({ length: BURST + TAIL }, (_, i) => `${prefix}message ${i}`);
      const clientIds = texts.map((_, i) => `${prefix}${i}`);
      const socket = await connectAs(server.url, alice.cookie, { transports: round.transports });
      const acked = new Map<number, Message>();
      const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
      let killing: Promise<void> | undefined;

      // The burst: every send leaves before any ack is back.
      const raw = socket as unknown as { emit(event: string, payload: unknown, ack: (response: Ack) => void): void }; // untyped: plain callbacks, no timeout
      const send = (i: number) =>
        raw.emit('chatMessage', { channelId, text: texts[i], clientId: clientIds[i] }, (response) => {
          if (!response.ok) return;
          acked.set(i, response.message);
          if (acked.size !== round.killAfterAcks) return;
          killing = server?.kill();
          for (let tail = BURST; tail < texts.length; tail++) send(tail);
        });
      for (let i = 0; i < BURST; i++) send(i);
      await gone;
      await killing;
      socket.close();
      const ackedBeforeKill = new Map(acked);
      expect(ackedBeforeKill.size, 'killed in the middle of the burst').to.be.within(round.killAfterAcks, texts.length - 1);

      server = await startServer({
        port,
        dataDir,
        logFile,
        redisPrefix,
        env: { MESSAGE_RATE: '100000', MESSAGE_BURST: '100000' },
      });
      const again = await connectAs(server.url, alice.cookie, { transports: round.transports });
      const stored = (await wholeHistory(again, channelId)).filter((message) => message.text.startsWith(prefix));

      // Stored: a prefix of the burst, in order, each once.
      const storedIndexes = stored.map((message) => clientIds.indexOf(message.clientId ?? ''));
      expect(storedIndexes, 'what was stored is what was sent first, in order').to.deep.equal(storedIndexes.map((_, i) => i));
      for (const [i, message] of ackedBeforeKill) {
        expect(stored[i], `acked message ${i}`).to.deep.include({ id: message.id, text: texts[i], clientId: clientIds[i] });
      }

      // Re-send whatever was not acked, with the same clientIds: stored ones are acked, not stored again.
      const unacked = texts.map((_, i) => i).filter((i) => !ackedBeforeKill.has(i));
      const resent = await Promise.all(
        unacked.map((i) => ok<{ message: Message }>(again, 'chatMessage', { channelId, text: texts[i], clientId: clientIds[i] })),
      );
      resent.forEach(({ message }, k) => {
        const i = unacked[k] ?? -1;
        if (i < stored.length) expect(message.id, `message ${i} was stored before the kill`).to.equal(stored[i]?.id);
      });

      const final = (await wholeHistory(again, channelId)).filter((message) => message.text.startsWith(prefix));
      expect(final.map((message) => message.clientId)).to.deep.equal(clientIds);
      const ids = final.map((message) => BigInt(message.id));
      expect(
        ids.every((id, k) => k === 0 || id > (ids[k - 1] ?? 0n)),
        'ids increase in the order sent',
      ).to.equal(true);
      again.close();

      figures.sent += texts.length;
      figures.ackedBeforeKill += ackedBeforeKill.size;
      figures.storedBeforeKill += stored.length;
      figures.resent += unacked.length;
      figures.checked += final.length;
    });
  }
});
