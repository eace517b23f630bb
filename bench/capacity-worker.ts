/**
 * One generator process of the capacity scenario (bench/scenarios/capacity.ts). It holds the
 * sockets of a lane of users and plays their day on the clock: one message a minute each, mostly
 * to a fixed partner, some to their room, a few to `everyone`; `typing` before half of them;
 * `markRead` a moment after a message arrives in the conversation they have open; now and then an
 * older page of history. It times acks, deliveries (on the wall clock: rooms and `everyone` cross
 * processes), reads and history pages, and counts every delivery, so the run can tell what was lost.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type {
  CapacityCommand,
  CapacityUser,
  ConnectAllCommand,
  ConnectAllResult,
  MessageKind,
  MixCommand,
  MixResult,
  SentRecord,
  SetupCommand,
} from './lib/capacity-protocol';
import { wallClock } from './lib/protocol';

type WireMessage = { id: string; channelId: string; from: string; text: string };
type Ack = { ok: boolean; error?: { code: string }; messages?: unknown[] };

type Seat = {
  user: CapacityUser;
  socket?: Socket;
  seq: number;
  /** Per channel: the newest id waiting to be marked read, and whether its timer runs. */
  reads: Map<string, { id: number; timer: NodeJS.Timeout }>;
};

type Phase = {
  command: MixCommand;
  /** Wall clock of the phase's start; latencies of messages sent before start + warmup are not kept. */
  start: number;
  open: boolean;
  received: Map<string, number>;
  seen: Set<string>;
  duplicates: number;
  late: number;
  delivery: Record<MessageKind, number[]>;
  markRead: number[];
  markReadFailed: number;
  heard: MixResult['heard'];
};

/** About as long as a chat line; the receiver reads only the fields before it. */
const PADDING = 'the quick brown fox jumps over the lazy dog';
const KINDS: readonly MessageKind[] = ['direct', 'room', 'everyone'];

let url = '';
let everyoneId = '';
let seats: Seat[] = [];
let phase: Phase | undefined;
const heardOutside = { typing: 0, userStatus: 0, channelUpdate: 0, readReceipt: 0 };
/** Sockets closed by the server or the network since the last phase began. */
let disconnected: Record<string, number> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const random = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

function setup(command: SetupCommand): { users: number } {
  url = command.url;
  everyoneId = command.everyoneId;
  seats = command.users.map((user) => ({ user, seq: 0, reads: new Map() }));
  return { users: seats.length };
}

function heard(event: keyof MixResult['heard']): void {
  (phase?.open ? phase.heard : heardOutside)[event]++;
}

function onChatMessage(seat: Seat, message: WireMessage): void {
  if (message.from === seat.user.username || !message.text.startsWith('cap:')) return;
  const state = phase;
  if (!state) return;
  const [, phaseText, kindText, sender, seq, sentText] = message.text.split(':', 6);
  if (Number(phaseText) !== state.command.phase) {
    state.late++;
    return;
  }
  const key = `${sender}:${seq}`;
  const seen = `${seat.user.index}|${key}`;
  if (state.seen.has(seen)) {
    state.duplicates++;
    return;
  }
  state.seen.add(seen);
  state.received.set(key, (state.received.get(key) ?? 0) + 1);
  const kind = kindText as MessageKind; // written by send() below, one of KINDS
  const sentAt = Number(sentText);
  if (sentAt >= state.start + state.command.warmupMs) state.delivery[kind]?.push(wallClock() - sentAt);
  if (state.open && (kind !== 'everyone' || seat.user.readsEveryone)) scheduleRead(seat, message, state);
}

/** The page marks the open conversation read once the message is on screen; later arrivals join the pending read. */
function scheduleRead(seat: Seat, message: WireMessage, state: Phase): void {
  const id = Number(message.id);
  const pending = seat.reads.get(message.channelId);
  if (pending) {
    pending.id = Math.max(pending.id, id);
    return;
  }
  const timer = setTimeout(() => {
    const read = seat.reads.get(message.channelId);
    seat.reads.delete(message.channelId);
    if (!read || !seat.socket) return;
    const sentAt = performance.now();
    seat.socket
      .timeout(30_000)
      .emitWithAck('markRead', { channelId: message.channelId, messageId: String(read.id) })
      .then(
        (response: Ack) => {
          if (response?.ok) state.markRead.push(performance.now() - sentAt);
          else state.markReadFailed++;
        },
        () => state.markReadFailed++,
      );
  }, state.command.readDelayMs);
  seat.reads.set(message.channelId, { id, timer });
}

function openSocket(seat: Seat): Socket {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 120_000,
    extraHeaders: { cookie: seat.user.cookie },
  });
  socket.on('chatMessage', (message: WireMessage) => onChatMessage(seat, message));
  socket.on('typing', () => heard('typing'));
  socket.on('userStatus', () => heard('userStatus'));
  socket.on('channelUpdate', () => heard('channelUpdate'));
  socket.on('readReceipt', () => heard('readReceipt'));
  socket.on('disconnect', (reason: string) => {
    if (reason === 'io client disconnect') return;
    disconnected[reason] = (disconnected[reason] ?? 0) + 1;
  });
  return socket;
}

async function connectAll(command: ConnectAllCommand): Promise<ConnectAllResult> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result: ConnectAllResult = {
    connected: 0,
    failed: 0,
    startedAt: wallClock(),
    lastUpdateUsersAt: NaN,
    perSocket: new Float64Array(0),
    userStatus: 0,
    cpu: 0,
  };
  heardOutside.userStatus = 0;
  const perSocket: number[] = [];
  const one = (seat: Seat) =>
    new Promise<void>((resolve) => {
      const opened = performance.now();
      const socket = openSocket(seat);
      seat.socket = socket;
      socket.once('updateUsers', () => {
        result.connected++;
        result.lastUpdateUsersAt = wallClock();
        perSocket.push(performance.now() - opened);
        resolve();
      });
      socket.once('connect_error', (error: Error) => {
        result.failed++;
        result.firstError ??= error.message;
        socket.close();
        seat.socket = undefined;
        resolve();
      });
    });
  let next = 0;
  const lane = async () => {
    while (next < seats.length) {
      const seat = seats[next++];
      if (seat) await one(seat);
    }
  };
  const lanes = Promise.all(Array.from({ length: Math.min(command.concurrency, seats.length) }, lane));
  await Promise.race([lanes, sleep(command.timeoutMs)]);
  const cpu = process.cpuUsage(cpuBefore);
  result.cpu = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
  result.failed += seats.length - result.connected - result.failed;
  result.perSocket = Float64Array.from(perSocket);
  result.userStatus = heardOutside.userStatus;
  return result;
}

type Target = { kind: MessageKind; channelId: string; expected: number };

type Planned = { at: number; seat: Seat; action: 'send' | 'typing' | 'history'; target?: Target };

function targetFor(seat: Seat, command: MixCommand): Target | undefined {
  const room = seat.user.room;
  if (room && Math.random() < command.roomShare) return { kind: 'room', channelId: room.channelId, expected: room.members - 1 };
  const partner = random(seat.user.partners);
  return partner && { kind: 'direct', channelId: partner.channelId, expected: 1 };
}

/** Every user's sends, typing notices and history pages for the phase, in time order. */
function plan(command: MixCommand, connected: number): Planned[] {
  const events: Planned[] = [];
  const withTyping = (at: number, seat: Seat, target: Target) => {
    events.push({ at, seat, action: 'send', target });
    if (Math.random() < command.typingShare)
      events.push({ at: Math.max(0, at - command.typingLeadMs), seat, action: 'typing', target });
  };
  const live = seats.filter((seat) => seat.socket?.connected);
  for (const seat of live) {
    if (command.messageEveryMs > 0) {
      for (let at = Math.random() * command.messageEveryMs; at < command.durationMs; at += command.messageEveryMs) {
        const target = targetFor(seat, command);
        if (target) withTyping(at, seat, target);
      }
    }
    if (command.historyEveryMs > 0) {
      for (let at = Math.random() * command.historyEveryMs; at < command.durationMs; at += command.historyEveryMs)
        events.push({ at, seat, action: 'history' });
    }
  }
  for (const at of command.everyoneAt) {
    const seat = random(live);
    if (seat) withTyping(at, seat, { kind: 'everyone', channelId: everyoneId, expected: connected - 1 });
  }
  return events.sort((a, b) => a.at - b.at);
}

async function mix(command: MixCommand): Promise<MixResult> {
  await sleep(Math.max(0, command.startAt - wallClock()));
  const state: Phase = {
    command,
    start: wallClock(),
    open: true,
    received: new Map(),
    seen: new Set(),
    duplicates: 0,
    late: 0,
    delivery: { direct: [], room: [], everyone: [] },
    markRead: [],
    markReadFailed: 0,
    heard: { typing: 0, userStatus: 0, channelUpdate: 0, readReceipt: 0 },
  };
  phase = state;
  disconnected = {};
  const sent: SentRecord[] = [];
  const refused: Record<string, number> = {};
  const ack: number[] = [];
  const history: number[] = [];
  let historyFailed = 0;
  let outstanding = 0;
  let maxLag = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const begin = performance.now();
  const warmEnd = begin + command.warmupMs;
  const events = plan(command, command.connected);

  const refuse = (response: Ack | undefined) => {
    const code = response?.error?.code ?? 'timeout';
    refused[code] = (refused[code] ?? 0) + 1;
  };
  const run = (event: Planned) => {
    const socket = event.seat.socket;
    if (!socket) return;
    const target = event.target;
    if (event.action === 'typing' && target) {
      socket.emit('typing', { channelId: target.channelId });
      return;
    }
    const startedAt = performance.now();
    if (event.action === 'history') {
      const partner = random(event.seat.user.partners);
      if (!partner) return;
      const span = Math.max(1, partner.lastId - partner.firstId - command.historyLimit);
      const before = partner.firstId + command.historyLimit + Math.floor(Math.random() * span);
      socket
        .timeout(30_000)
        .emitWithAck('chatHistory', { channelId: partner.channelId, before: String(before), limit: command.historyLimit })
        .then(
          (response: Ack) => {
            if (response?.ok && (response.messages?.length ?? 0) > 0) {
              if (startedAt >= warmEnd) history.push(performance.now() - startedAt);
            } else historyFailed++;
          },
          () => historyFailed++,
        );
      return;
    }
    if (!target) return;
    const seq = event.seat.seq++;
    const key = `${event.seat.user.index}:${seq}`;
    const text = `cap:${command.phase}:${target.kind}:${event.seat.user.index}:${seq}:${wallClock().toFixed(3)}:${PADDING}`;
    outstanding++;
    const record: SentRecord = { key, kind: target.kind, expected: target.expected };
    socket
      .timeout(30_000)
      .emitWithAck('chatMessage', { channelId: target.channelId, text, clientId: `cap-${command.phase}-${seq}` })
      .then(
        (response: Ack) => {
          outstanding--;
          if (!response?.ok) return refuse(response);
          sent.push(record);
          if (startedAt >= warmEnd) ack.push(performance.now() - startedAt);
        },
        () => {
          outstanding--;
          refuse(undefined);
        },
      );
  };

  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now() - begin;
      while (next < events.length && (events[next]?.at ?? Infinity) <= now) {
        const event = events[next++];
        if (!event) continue;
        maxLag = Math.max(maxLag, now - event.at);
        run(event);
      }
      if (next >= events.length) return done();
      setTimeout(tick, Math.max(0, (events[next]?.at ?? 0) - (performance.now() - begin)));
    };
    tick();
  });
  await sleep(Math.max(0, command.durationMs - (performance.now() - begin)));
  state.open = false;
  await sleep(command.drainMs);
  for (const seat of seats) {
    for (const read of seat.reads.values()) clearTimeout(read.timer);
    seat.reads.clear();
  }
  loop.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const result: MixResult = {
    sent,
    refused,
    unanswered: outstanding,
    received: state.received,
    duplicates: state.duplicates,
    late: state.late,
    delivery: Object.fromEntries(KINDS.map((kind) => [kind, Float64Array.from(state.delivery[kind])])) as MixResult['delivery'],
    ack: Float64Array.from(ack),
    markRead: Float64Array.from(state.markRead),
    markReadFailed: state.markReadFailed,
    history: Float64Array.from(history),
    historyFailed,
    heard: state.heard,
    disconnected,
    maxSendLagMs: maxLag,
    cpu: (cpu.user + cpu.system) / 1000 / (performance.now() - begin),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
  };
  phase = undefined;
  return result;
}

async function closeAll(): Promise<{ closed: number }> {
  let closed = 0;
  for (const seat of seats) {
    if (!seat.socket) continue;
    seat.socket.close();
    seat.socket = undefined;
    closed++;
  }
  await sleep(50);
  return { closed };
}

function run(command: CapacityCommand): Promise<unknown> | unknown {
  switch (command.type) {
    case 'setup':
      return setup(command);
    case 'connect':
      return connectAll(command);
    case 'mix':
      return mix(command);
    case 'close':
      return closeAll();
  }
}

process.on('message', (message: { id: number; command: CapacityCommand }) => {
  Promise.resolve()
    .then(() => run(message.command))
    .then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.stack : String(error) }),
    );
});
process.on('disconnect', () => process.exit(0));
