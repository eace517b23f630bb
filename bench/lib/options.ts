/** The command line of `npm run bench`: what to run, and how long each part takes. */

export const SCENARIOS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'restart'] as const;
/** Scenarios that run only when named (`--scenario capacity`): they take the better part of an hour. */
export const ON_REQUEST = ['capacity'] as const;
export type Scenario = (typeof SCENARIOS)[number] | (typeof ON_REQUEST)[number];
export type Mode = 'embedded' | 'services';

export type Options = {
  quick: boolean;
  scenarios: Scenario[];
  modes: Mode[];
  workers: number;
  mysqlUrl: string;
  redisUrl: string;
  /** Niceness for the benchmark's own processes (`--priority`, root only), against other work on the machine. */
  niceness: number | undefined;
  /** Writes a V8 CPU profile of each server under bench/results/profiles/. */
  profile: boolean;
  sizes: Sizes;
  capacity: CapacitySizes;
};

/** The capacity scenario: users per step, and how long each phase of traffic lasts. */
export type CapacitySizes = { users: number[]; mixSeconds: number; stressSeconds: number };

const CAPACITY: CapacitySizes = { users: [1000, 2500, 5000, 10_000], mixSeconds: 60, stressSeconds: 20 };

export type Sizes = {
  /** Scenario (a): sockets, in pairs. */
  sockets: number;
  /** Knee search: the first rate, doubled until a step fails, then bisected. */
  startRate: number;
  bisections: number;
  stepMs: number;
  warmupMs: number;
  drainMs: number;
  /** How long a step waits for other processes on the machine to quieten before it runs anyway; 0: no wait and no retry. */
  quietWaitMs: number;
  /** Scenario (b): idle sockets, as `idleTabs` sockets for each of the (a) users. */
  idleTabs: number;
  /** Scenario (g): share of the knee's traffic that is reactions and edits. */
  actionShare: number;
  /** Scenarios (c) and (h): channel sizes and page requests per size. */
  historySizes: number[];
  historyRequests: number;
  /** …or as many as fit in this long, whichever comes first. */
  historyMaxMs: number;
  historyLimit: number;
  /** Scenario (e): broadcasts sent, one after another. */
  broadcasts: number;
  /** Scenario (f). */
  loginRate: number;
  loginUsers: number;
  loginBcryptRounds: number;
  /** UV_THREADPOOL_SIZE of the (f) server (`--login-threads`); unset: libuv's default of 4. */
  loginThreads?: number;
};

const FULL: Sizes = {
  sockets: 1000,
  startRate: 1000,
  bisections: 2,
  stepMs: 4000,
  warmupMs: 1000,
  drainMs: 3000,
  quietWaitMs: 2000,
  actionShare: 0.1,
  idleTabs: 10,
  historySizes: [10_000, 1_000_000],
  historyRequests: 300,
  historyMaxMs: 20_000,
  historyLimit: 50,
  broadcasts: 20,
  loginRate: 50,
  loginUsers: 20,
  loginBcryptRounds: 10,
};

/**
 * A smoke run in under two minutes: 200 sockets rather than 1,000 (connecting N sockets costs
 * N² presence events, for the relay as for the server), short steps, smaller history.
 */
const QUICK: Sizes = {
  ...FULL,
  sockets: 200,
  startRate: 2000,
  bisections: 1,
  stepMs: 1500,
  warmupMs: 500,
  drainMs: 1500,
  quietWaitMs: 0,
  idleTabs: 2,
  historySizes: [10_000, 100_000],
  historyRequests: 40,
  historyMaxMs: 5000,
  broadcasts: 5,
  loginUsers: 10,
};

const USAGE = `npm run bench -- [--quick] [--scenario a,b,c,d,e,f,g,h,restart,capacity] [--mode embedded|services|both|relay] [--workers N] [--sockets N] [--profile] [--priority] [--login-threads N] [--users N,N] [--capacity-seconds S] [--stress-seconds S]
  a  knee: 1,000 sockets in 500 pairs, stepped rate, highest rate with p99 delivery < 50 ms and no loss
  b  idle: authenticated sockets held open, RSS per socket
  c  history: p50/p99 of one page, and of searchMessages, in channels of 10 thousand and 1 million messages
  d  connect storm: 1,000 sockets at once until presence has settled
  e  broadcast to 1,000 online users: time until the last has it
  f  logins at 50/s during (a) at half its knee
  g  (a) with 10 % of the traffic being reactions and edits; compared with (a) of the same run
  h  (c) with reactions and a reply on every message; compared with (c) of the same run
  restart  1,000 users of one address on plain socket.io-client, default limits: SIGTERM, start again, time until 50/90/100 % are back
  capacity  (only when named) a team's day at 1,000, 2,500, 5,000 and 10,000 users (--users 1000,2500;
     --capacity-seconds 60 of the mix, --stress-seconds 20 of it with everyone at 2/s): connect time,
     delivery, ack, markRead and history p99, loss, server CPU, RSS and event-loop lag per step
Services mode uses BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306/chat_bench, dropped and re-created)
and BENCH_REDIS_URL (redis://127.0.0.1:6379/5, flushed). --mode relay runs the relay alone;
--priority runs the benchmark's processes at nice -10 (root), ahead of other work on a shared machine;
--only is another name for --scenario; (g) and (h) give their ratios only next to (a) and (c);
--login-threads sets UV_THREADPOOL_SIZE (bcrypt's threads) for the server of (f);
--sockets changes the 1,000 of (a), (b), (d), (e), (restart) (for trying the bench out, not for results).`;

function list<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value.split(',').map((item) => item.trim().toLowerCase());
  for (const item of items)
    if (!(allowed as readonly string[]).includes(item)) throw new Error(`unknown ${what}: ${item}\n${USAGE}`);
  return items as T[]; // every item was checked against `allowed` just above
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Options {
  let quick = false;
  let scenarios: Scenario[] = [...SCENARIOS];
  let modes: Mode[] | undefined;
  let workers = 2;
  let profile = false;
  let sockets: number | undefined;
  let niceness: number | undefined;
  let loginThreads: number | undefined;
  const capacity = { ...CAPACITY };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--quick') quick = true;
    else if (flag === '--profile') profile = true;
    else if (flag === '--priority') niceness = -10;
    else if (flag === '--login-threads') loginThreads = Math.max(1, Number(value()) || 1);
    else if (flag === '--scenario' || flag === '--scenarios' || flag === '--only')
      scenarios = list(value(), [...SCENARIOS, ...ON_REQUEST], 'scenario');
    else if (flag === '--mode') {
      const mode = value();
      if (mode === 'both') modes = ['embedded', 'services'];
      else if (mode === 'relay') modes = [];
      else modes = list(mode, ['embedded', 'services'] as const, 'mode');
    } else if (flag === '--workers') workers = Math.max(1, Number(value()) || 1);
    else if (flag === '--sockets') sockets = Math.max(4, Math.round((Number(value()) || 1000) / 4) * 4);
    else if (flag === '--users')
      capacity.users = value()
        .split(',')
        .map((n) => Math.max(2, Math.round(Number(n) || 0)));
    else if (flag === '--capacity-seconds') capacity.mixSeconds = Math.max(10, Number(value()) || CAPACITY.mixSeconds);
    else if (flag === '--stress-seconds') capacity.stressSeconds = Math.max(0, Number(value()) || 0);
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  return {
    quick,
    scenarios,
    // Quick: the relay and embedded mode, to stay within two minutes; `--mode both` adds MySQL + Redis (about 2.5 min).
    modes: modes ?? (quick ? ['embedded'] : ['embedded', 'services']),
    workers,
    profile,
    niceness,
    mysqlUrl: env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306/chat_bench',
    redisUrl: env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/5',
    sizes: { ...(quick ? QUICK : FULL), ...(sockets ? { sockets } : {}), ...(loginThreads ? { loginThreads } : {}) },
    capacity,
  };
}
