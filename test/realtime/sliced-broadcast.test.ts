/**
 * Broadcasts written in slices (src/realtime/sliced-broadcast.ts): every socket still gets every
 * frame, once, in emit order, whether a broadcast is sliced or small, queued or written at once;
 * through the in-memory adapter and, with REDIS_URL, through the Redis adapter from another process's
 * server. Real Socket.IO servers and clients; slices of 2 sockets so that a handful slices.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { Adapter } from 'socket.io-adapter';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { SocketWriteQueue, orderKey, slicedBroadcasts } from '../../src/realtime/sliced-broadcast';

/** Waits until `assertion` stops throwing (5 s at most), then runs it once more to report. */
async function until(assertion: () => void): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe('SocketWriteQueue', () => {
  it('writes a small broadcast at once, and a large one a slice per turn, first slice at once', async () => {
    const queue = new SocketWriteQueue(2);
    const [a, b, c, d, e] = [{}, {}, {}, {}, {}];
    const written: object[] = [];
    queue.write([a, b], (target) => written.push(target));
    expect(written).to.deep.equal([a, b]);
    written.length = 0;
    queue.write([a, b, c, d, e], (target) => written.push(target));
    expect(written).to.have.length(2);
    expect(queue.waiting).to.equal(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).to.have.length(4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).to.have.length(5);
    expect(queue.waiting).to.equal(0);
  });

  it('queues a small broadcast to a socket still owed an earlier frame, and writes one to others at once', async () => {
    const queue = new SocketWriteQueue(2);
    const sockets = Array.from({ length: 6 }, (_, i) => ({ i }));
    const log: string[] = [];
    const write = (label: string) => (target: object) => log.push(`${label}${(target as { i: number }).i}`);
    queue.write(sockets, write('big')); // big0, big1 now; big2..big5 owed
    queue.write([sockets[5]!], write('late')); // socket 5 is owed big5: queued behind it
    queue.write([sockets[0]!], write('free')); // socket 0 is owed nothing: at once
    expect(log).to.deep.equal(['big0', 'big1', 'free0']);
    await until(() => expect(queue.waiting).to.equal(0));
    expect(log.indexOf('late5')).to.be.above(log.indexOf('big5'));
  });

  it('writes a frame of another conversation at once to a socket owed a sliced one, and one of the same behind it', async () => {
    const queue = new SocketWriteQueue(2);
    const sockets = Array.from({ length: 6 }, (_, i) => ({ i }));
    const log: string[] = [];
    const write = (label: string) => (target: object) => log.push(`${label}${(target as { i: number }).i}`);
    queue.write(sockets, write('everyone'), 'c:1'); // everyone0, everyone1 now; 2..5 owed
    queue.write([sockets[5]!], write('direct'), 'c:2'); // another conversation: at once
    queue.write([sockets[4]!], write('update'), 'c:1'); // the same conversation: behind everyone4
    expect(log).to.deep.equal(['everyone0', 'everyone1', 'direct5']);
    await until(() => expect(queue.waiting).to.equal(0));
    expect(log.indexOf('update4')).to.be.above(log.indexOf('everyone4'));
  });

  it('keys a packet by the conversation it names, else by its event', () => {
    expect(orderKey({ data: ['chatMessage', { channelId: '7', id: '1' }] })).to.equal('c:7');
    expect(orderKey({ data: ['typing', { channelId: '7', username: 'a' }] })).to.equal('c:7');
    expect(orderKey({ data: ['channelUpdate', { id: '7', name: 'x' }] })).to.equal('c:7');
    expect(orderKey({ data: ['userStatus', { username: 'a', online: true }] })).to.equal('e:userStatus');
    expect(orderKey({ data: ['n', 'text'] })).to.equal('e:n');
  });
});

/** A Socket.IO server on a free port with sliced broadcasts over the given adapter. */
async function startServer(adapter: ConstructorParameters<typeof Server>[1] extends infer O ? O : never) {
  const http: HttpServer = createServer();
  const io = new Server(http, adapter);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`; // listening on TCP: an AddressInfo
  const close = () =>
    new Promise<void>((resolve) => {
      void io.close(() => resolve());
    });
  return { io, url, close };
}

async function clients(url: string, count: number): Promise<{ socket: ClientSocket; got: string[] }[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const socket = connect(url, { transports: ['websocket'], forceNew: true });
      const got: string[] = [];
      socket.on('n', (value: string) => got.push(value));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      return { socket, got };
    }),
  );
}

describe('Broadcasts in slices through Socket.IO', function () {
  this.timeout(20_000);

  it('gives every socket every frame once and in order, sliced broadcasts and small ones mixed', async () => {
    const server = await startServer({ adapter: slicedBroadcasts(Adapter, 2) });
    const people = await clients(server.url, 7);
    try {
      const expected: string[] = [];
      for (let i = 0; i < 30; i++) {
        expected.push(`all${i}`);
        server.io.emit('n', `all${i}`);
        // A small broadcast to one socket, between sliced ones, must not pass them.
        const first = people[0]!.socket.id!; // connected above
        if (i % 3 === 0) {
          server.io.to(first).emit('n', `one${i}`);
        }
      }
      await until(() => {
        for (const person of people.slice(1)) expect(person.got).to.deep.equal(expected);
      });
      const first = people[0]!.got;
      expect(first.filter((value) => value.startsWith('all'))).to.deep.equal(expected);
      for (let i = 0; i < 30; i += 3) expect(first.indexOf(`one${i}`)).to.equal(first.indexOf(`all${i}`) + 1);
    } finally {
      for (const person of people) person.socket.close();
      await server.close();
    }
  });

  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) return;

  it('slices what another process broadcasts through Redis, in order', async () => {
    const redis = new Redis(redisUrl);
    const key = `sliced-test-${Date.now()}`;
    const adapterFor = () => slicedBroadcasts(createAdapter(redis.duplicate(), redis.duplicate(), { key }), 2);
    const [one, two] = [await startServer({ adapter: adapterFor() }), await startServer({ adapter: adapterFor() })];
    const people = await clients(two.url, 5);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // both adapters subscribed
      const expected = Array.from({ length: 20 }, (_, i) => `remote${i}`);
      for (const value of expected) one.io.emit('n', value);
      await until(() => {
        for (const person of people) expect(person.got).to.deep.equal(expected);
      });
    } finally {
      for (const person of people) person.socket.close();
      await Promise.all([one.close(), two.close()]);
      redis.disconnect();
    }
  });
});
