/**
 * One generator process. It holds socket.io-client sockets and answers the run's commands: connect
 * (with a session cookie, or `auth.user` for the relay), pair, send open-loop on the clock and
 * measure acks and deliveries, broadcast, collect, close. Both sockets of a pair live here, so
 * delivery latency is read on the clock that stamped the send.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { pendingKey, runLoad, type Peer, type StepState } from './lib/load';
import type {
  BroadcastCommand,
  BroadcastSent,
  Collected,
  Command,
  ConnectCommand,
  ConnectResult,
  PairCommand,
  Reply,
  Request,
} from './lib/protocol';
import { wallClock } from './lib/protocol';

type WireMessage = { id: string; channelId: string; from: string; text: string };
type WireUser = { username: string; online: boolean };
type AckResponse = { ok: boolean; channel?: { id: string }; error?: { code: string } };

const peers: Peer[] = [];
const step: { current: StepState | undefined } = { current: undefined };
let collected: Collected = {};

function openSocket(url: string, username: string, cookie: string | undefined): Socket {
  return io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
    auth: { user: username },
    extraHeaders: cookie ? { cookie } : {},
  });
}

function onChatMessage(peer: Peer, message: WireMessage): void {
  const text = message.text;
  if (text.startsWith('b:')) {
    const k = Number(text.split(':', 2)[1]);
    const entry = (collected[k] ??= { count: 0, last: 0 });
    entry.count++;
    entry.last = Math.max(entry.last, wallClock());
    return;
  }
  const state = step.current;
  if (!state) return;
  if (message.from === peer.username) {
    state.echoes++;
    return;
  }
  const [stepText, seqText, timeText] = text.split(':', 3);
  if (Number(stepText) !== state.id) {
    state.late++;
    return;
  }
  const seq = Number(seqText);
  const seen = state.seen.get(message.from) ?? { max: -1, seqs: new Set<number>() };
  state.seen.set(message.from, seen);
  if (seen.seqs.has(seq)) {
    state.duplicates++;
    return;
  }
  seen.seqs.add(seq);
  state.delivered++;
  if (seq < seen.max) state.outOfOrder++;
  else seen.max = seq;
  const sentAt = Number(timeText);
  if (sentAt >= state.warmEnd) state.delivery.push(performance.now() - sentAt);
}

/**
 * An action's `messageUpdated`: every action is on the actor's own message, so one from this
 * socket's own user is the echo to the actor's tab; one from the partner is matched with the
 * partner's oldest pending action on that message (load.ts).
 */
function onMessageUpdated(peer: Peer, message: WireMessage): void {
  const state = step.current;
  if (!state) return;
  if (message.from === peer.username) {
    state.echoes++;
    return;
  }
  const action = state.pending.get(pendingKey(message.channelId, message.id))?.shift();
  if (!action) {
    state.late++;
    return;
  }
  const seen = state.seen.get(message.from) ?? { max: -1, seqs: new Set<number>() };
  state.seen.set(message.from, seen);
  seen.seqs.add(action.seq);
  state.delivered++;
  if (action.sentAt >= state.warmEnd) {
    const latency = performance.now() - action.sentAt;
    state.delivery.push(latency);
    state.actionDelivery.push(latency);
  }
}

async function connect(command: ConnectCommand): Promise<ConnectResult> {
  const result: ConnectResult = {
    connected: 0,
    failed: 0,
    startedAt: wallClock(),
    lastConnectedAt: NaN,
    settledAt: NaN,
    unsettled: 0,
  };
  const expect = command.expectOnline ?? Infinity;
  const settled: Promise<void>[] = [];
  const base = peers.length;
  const one = (client: ConnectCommand['clients'][number], index: number) =>
    new Promise<void>((resolve) => {
      const socket = openSocket(command.url, client.username, client.cookie);
      const peer: Peer = { socket, username: client.username, seq: 0 };
      // Slots follow the order of `clients`, so the run's pair indexes name the right sockets.
      peers[base + index] = peer;
      const online = new Set<string>();
      let resolveSettled: () => void = () => undefined;
      if (command.tracking === 'presence') settled.push(new Promise((done) => (resolveSettled = done)));
      const checkSettled = () => {
        if (online.size < expect) return;
        result.settledAt = Number.isNaN(result.settledAt) ? wallClock() : Math.max(result.settledAt, wallClock());
        socket.off('userStatus');
        resolveSettled();
      };
      socket.once('updateUsers', (users: WireUser[]) => {
        result.connected++;
        result.lastConnectedAt = wallClock();
        if (command.tracking === 'presence') {
          for (const user of users) if (user.online) online.add(user.username);
          checkSettled();
        }
        resolve();
      });
      if (command.tracking === 'presence') {
        socket.on('userStatus', (user: WireUser) => {
          if (user.online) online.add(user.username);
          else online.delete(user.username);
          checkSettled();
        });
      }
      if (command.tracking === 'chat') {
        socket.on('chatMessage', (message: WireMessage) => onChatMessage(peer, message));
        socket.on('messageUpdated', (message: WireMessage) => onMessageUpdated(peer, message));
      }
      socket.once('connect_error', (error: Error) => {
        result.failed++;
        result.firstError ??= error.message;
        resolveSettled();
        socket.close();
        resolve();
      });
    });

  let next = 0;
  const lane = async () => {
    while (next < command.clients.length) {
      const index = next++;
      const client = command.clients[index];
      if (client) await one(client, index);
    }
  };
  await withTimeout(
    Promise.all(Array.from({ length: Math.min(command.concurrency, command.clients.length) }, lane)),
    command.timeoutMs,
  );
  if (command.tracking === 'presence') {
    const done = await withTimeout(Promise.all(settled), command.timeoutMs);
    if (!done) result.settledAt = NaN;
    result.unsettled = done ? 0 : settled.length;
  }
  return result;
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const outcome = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return outcome;
}

function request(socket: Socket, event: string, payload: unknown): Promise<AckResponse> {
  return socket.timeout(30_000).emitWithAck(event, payload) as Promise<AckResponse>;
}

async function pair(command: PairCommand): Promise<{ opened: number }> {
  let opened = 0;
  const openers = command.partners.map((partner, index) => ({ index, partner })).filter(({ index, partner }) => index < partner);
  let next = 0;
  const lane = async () => {
    while (next < openers.length) {
      const opener = openers[next++];
      const self = opener && peers[opener.index];
      const other = opener && peers[opener.partner];
      if (!self || !other) continue;
      const response = await request(self.socket, 'chatHistory', { with: other.username });
      if (!response.ok || !response.channel) throw new Error(`chatHistory failed: ${response.error?.code}`);
      self.channelId = other.channelId = response.channel.id;
      self.partner = other.username;
      other.partner = self.username;
      opened++;
    }
  };
  await Promise.all(Array.from({ length: 32 }, lane));
  return { opened };
}

async function broadcast(command: BroadcastCommand): Promise<BroadcastSent> {
  const sender = peers[0];
  if (!sender) throw new Error('no socket to broadcast from');
  const sent: BroadcastSent = { sentAt: [], refused: 0 };
  for (let k = 0; k < command.count; k++) {
    const sentAt = wallClock();
    sent.sentAt.push(sentAt);
    const response = await request(sender.socket, 'chatMessage', { to: null, text: `b:${k}:${sentAt.toFixed(3)}` });
    if (!response.ok) sent.refused++;
    await new Promise((resolve) => setTimeout(resolve, command.gapMs));
  }
  return sent;
}

async function close(): Promise<{ closed: number }> {
  const closed = peers.length;
  for (const peer of peers.splice(0)) peer?.socket.close();
  collected = {};
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { closed };
}

async function run(command: Command): Promise<unknown> {
  switch (command.type) {
    case 'connect':
      return connect(command);
    case 'pair':
      return pair(command);
    case 'load':
      return runLoad(command, peers, step, monitorEventLoopDelay);
    case 'broadcast':
      return broadcast(command);
    case 'collect': {
      const result = collected;
      collected = {};
      return result;
    }
    case 'close':
      return close();
  }
}

process.on('message', (message: Request) => {
  run(message.command).then(
    (result) => process.send?.({ id: message.id, result } satisfies Reply),
    (error: unknown) =>
      process.send?.({ id: message.id, error: error instanceof Error ? error.stack : String(error) } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));
