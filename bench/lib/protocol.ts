/** What the run sends its generator workers over IPC, and what each command answers. */

export type Client = { username: string; cookie?: string };

export type Tracking = 'chat' | 'presence' | 'none';

export type ConnectCommand = {
  type: 'connect';
  url: string;
  clients: Client[];
  /** chat: listens for messages; presence: tracks who is online until `expectOnline` are; none: idle. */
  tracking: Tracking;
  /** Sockets connecting at the same time; `clients.length` for a storm. */
  concurrency: number;
  expectOnline?: number;
  timeoutMs: number;
};

export type ConnectResult = {
  connected: number;
  failed: number;
  firstError?: string;
  /** Wall-clock ms (performance.timeOrigin based, comparable across workers). */
  startedAt: number;
  lastConnectedAt: number;
  /** When the last socket saw every expected user online (presence tracking); NaN if some never did. */
  settledAt: number;
  unsettled: number;
};

/** `partners[i]` is the local index of socket i's partner; the lower index opens the channel. */
export type PairCommand = { type: 'pair'; partners: number[] };

export type LoadCommand = {
  type: 'load';
  step: number;
  /** Messages per second from this worker, spread over its paired sockets in turn. */
  rate: number;
  durationMs: number;
  /** Sent but left out of the latency figures (still counted for loss). */
  warmupMs: number;
  /** How long after the last send acks and deliveries are waited for; later is lost. */
  drainMs: number;
  /**
   * Share of the sends that are message actions instead of messages (0 or absent: messages only),
   * alternately `react` and `editMessage` on the sender's own recent messages (load.ts).
   */
  actionShare?: number;
};

export type LoadResult = {
  sent: number;
  sendMs: number;
  ackOk: number;
  refused: Record<string, number>;
  unanswered: number;
  delivered: number;
  duplicates: number;
  outOfOrder: number;
  echoes: number;
  late: number;
  ack: Float64Array;
  /** Every delivery to the partner: messages and `messageUpdated` of actions. */
  delivery: Float64Array;
  /** Actions sent (counted in `sent` too), and their `messageUpdated` deliveries alone. */
  actions: number;
  actionDelivery: Float64Array;
  maxSendLagMs: number;
  /** Share of one core this worker used while sending. */
  cpu: number;
  loopDelayP99Ms: number;
};

export type BroadcastCommand = { type: 'broadcast'; count: number; gapMs: number };
export type BroadcastSent = { sentAt: number[]; refused: number };

export type CollectCommand = { type: 'collect' };
/** Per broadcast number: how many sockets got it and the wall-clock time of the last. */
export type Collected = Record<number, { count: number; last: number }>;

export type CloseCommand = { type: 'close' };

export type Command = ConnectCommand | PairCommand | LoadCommand | BroadcastCommand | CollectCommand | CloseCommand;

export type Results = {
  connect: ConnectResult;
  pair: { opened: number };
  load: LoadResult;
  broadcast: BroadcastSent;
  collect: Collected;
  close: { closed: number };
};

export type Request = { id: number; command: Command };
export type Reply = { id: number; result?: unknown; error?: string };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes. */
export const wallClock = () => performance.timeOrigin + performance.now();
