/**
 * What the capacity scenario sends its generator workers (bench/capacity-worker.ts) over IPC, and
 * what each command answers. One worker holds a lane of users: their sockets, their fixed partners
 * (always in the same lane, so a direct message's latency is read on the clock that stamped it)
 * and their room (rooms and `everyone` cross lanes: those deliveries are timed on the wall clock).
 */

/** A direct channel of a user, with the ids of its seeded history (older pages are read from it). */
export type CapacityPartner = { username: string; channelId: string; firstId: number; lastId: number };

export type CapacityUser = {
  /** Index in the whole site: the sender field of every message text. */
  index: number;
  username: string;
  cookie: string;
  partners: CapacityPartner[];
  room?: { channelId: string; members: number };
  /** Has `everyone` open: reads (and `markRead`s) each message there, as the page does. */
  readsEveryone: boolean;
};

export type SetupCommand = { type: 'setup'; url: string; everyoneId: string; users: CapacityUser[] };

export type ConnectAllCommand = { type: 'connect'; concurrency: number; timeoutMs: number };

export type ConnectAllResult = {
  connected: number;
  failed: number;
  firstError?: string;
  /** Wall-clock ms: the first handshake started, the last `updateUsers` arrived. */
  startedAt: number;
  lastUpdateUsersAt: number;
  /** Per socket, from opening to its `updateUsers`. */
  perSocket: Float64Array;
  /** `userStatus` frames this lane's sockets heard while connecting (presence work the site did for them). */
  userStatus: number;
  cpu: number;
};

export type MixCommand = {
  type: 'mix';
  /** Tags this phase's messages; deliveries of another phase are counted as late. */
  phase: number;
  /** Wall-clock ms at which every worker starts its schedule together. */
  startAt: number;
  durationMs: number;
  /** Sent but left out of the latency figures (still counted for loss). */
  warmupMs: number;
  drainMs: number;
  /** Sockets connected on the whole site: an `everyone` message is expected at all but its sender's. */
  connected: number;
  /** Each user sends one message this often (0: none). */
  messageEveryMs: number;
  /** Offsets (ms into the phase) of this worker's `everyone` messages. */
  everyoneAt: number[];
  /** Share of the users' messages that go to their room (the rest to a partner). */
  roomShare: number;
  /** Share of messages preceded by `typing`, `typingLeadMs` before. */
  typingShare: number;
  typingLeadMs: number;
  /** A received message is `markRead` this long after it arrived (later ones in that channel join it). */
  readDelayMs: number;
  /** Each user loads an older page of a direct channel this often (0: none). */
  historyEveryMs: number;
  historyLimit: number;
};

export type SentRecord = { key: string; kind: MessageKind; expected: number };

export type MessageKind = 'direct' | 'room' | 'everyone';

export type MixResult = {
  sent: SentRecord[];
  /** Refused sends by error code, and sends that never got an ack. */
  refused: Record<string, number>;
  unanswered: number;
  /** Deliveries to other users' sockets, per message key. */
  received: Map<string, number>;
  duplicates: number;
  late: number;
  delivery: Record<MessageKind, Float64Array>;
  ack: Float64Array;
  markRead: Float64Array;
  markReadFailed: number;
  history: Float64Array;
  historyFailed: number;
  /** Events that are not messages but that users heard during the phase. */
  heard: { typing: number; userStatus: number; channelUpdate: number; readReceipt: number };
  /** Sockets the server closed during the phase (they do not reconnect: what they missed counts as lost), by reason. */
  disconnected: Record<string, number>;
  maxSendLagMs: number;
  cpu: number;
  loopDelayP99Ms: number;
};

export type CloseAllCommand = { type: 'close' };

export type CapacityCommand = SetupCommand | ConnectAllCommand | MixCommand | CloseAllCommand;

export type CapacityResults = {
  setup: { users: number };
  connect: ConnectAllResult;
  mix: MixResult;
  close: { closed: number };
};
