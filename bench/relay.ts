/**
 * The bare relay the benchmark measures the server against: Socket.IO 4 with the chat's events and
 * nothing else (no auth, no storage, no validation). It answers at once and emits what the server
 * would: `updateUsers` and `userStatus` on connect, `chatMessage` to both members of a pair or to
 * everyone. The username comes from the handshake's `auth.user`. Prints `listening <port>`.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

type Ack = (response: unknown) => void;
type Send = { channelId?: string; to?: string | null; text?: string; clientId?: string };

const httpServer = createServer();
const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024 });
const tabs = new Map<string, number>();
let lastId = 0;

io.on('connection', (socket) => {
  const user = String(socket.handshake.auth.user ?? socket.id);
  void socket.join(`user:${user}`);
  tabs.set(user, (tabs.get(user) ?? 0) + 1);
  socket.emit(
    'updateUsers',
    [...tabs.keys()].map((username) => ({ username, online: true })),
  );
  if (tabs.get(user) === 1) io.emit('userStatus', { username: user, online: true });

  socket.on('chatHistory', (query: { with?: string }, ack: Ack) => {
    const id = [user, String(query.with)].sort().join('|');
    ack({ ok: true, channel: { id, kind: 'direct', name: query.with, unread: 0 }, messages: [], hasMore: false });
  });

  socket.on('chatMessage', (send: Send, ack: Ack) => {
    const everyone = send.channelId === undefined && !send.to;
    const channelId = everyone ? 'everyone' : (send.channelId ?? [user, String(send.to)].sort().join('|'));
    const message = { id: String(++lastId), channelId, from: user, text: send.text, sentAt: new Date().toISOString() };
    const withClientId = send.clientId ? { ...message, clientId: send.clientId } : message;
    if (everyone) io.emit('chatMessage', withClientId);
    else io.to(channelId.split('|').map((member) => `user:${member}`)).emit('chatMessage', withClientId);
    ack({ ok: true, message: withClientId });
  });

  socket.on('disconnect', () => {
    const left = (tabs.get(user) ?? 1) - 1;
    if (left > 0) return void tabs.set(user, left);
    tabs.delete(user);
    io.emit('userStatus', { username: user, online: false });
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = httpServer.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
