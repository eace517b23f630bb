/**
 * The whole configuration, parsed from the environment once at start. Every bad key is reported
 * together; only main.ts and scripts call this. The session secret is resolved here too, so nothing
 * later mutates the configuration or writes files.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { LIMITS } from './shared/limits';
import { resolveSessionSecret } from './security/session-secret';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const urlWithProtocol = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

/** Express's `trust proxy`: off, on, a hop count, or addresses/subnets (comma-separated). */
const trustProxy = z
  .string()
  .trim()
  .transform((value): boolean | number | string => {
    if (/^\d+$/.test(value)) return Number(value);
    const lower = value.toLowerCase();
    if (['', '0', 'false', 'no', 'off'].includes(lower)) return false;
    if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
    return value;
  });

const origins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url().transform((origin) => new URL(origin).origin)));

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().trim().optional(),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    MYSQL_URL: urlWithProtocol(['mysql:']).optional(),
    REDIS_URL: urlWithProtocol(['redis:', 'rediss:']).optional(),
    SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
    PUBLIC_URL: z
      .url()
      .transform((url) => new URL(url).origin)
      .optional(),
    ALLOWED_ORIGINS: origins.default([]),
    TRUST_PROXY: trustProxy.default(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOGIN_MAX_FAILURES: positiveInt(5),
    REGISTER_MAX_PER_HOUR: positiveInt(20),
    MESSAGE_RATE: positiveInt(10),
    MESSAGE_BURST: positiveInt(60),
    HANDSHAKE_RATE: positiveInt(10),
    HANDSHAKE_BURST: positiveInt(100),
    SOCKETS_PER_USER: positiveInt(20),
    LARGE_SITE_USERS: positiveInt(LIMITS.fullUserListMax),
    UPLOAD_MAX_BYTES: positiveInt(10_485_760),
    UPLOAD_MAX_PER_MINUTE: positiveInt(30),
    MYSQL_WRITE_LANES: positiveInt(2),
    WORKERS: z
      .string()
      .trim()
      .transform((value) => (value.toLowerCase() === 'auto' ? String(availableParallelism()) : value))
      .pipe(z.coerce.number<string>({ error: 'must be a positive whole number or auto' }).int().positive())
      .default(1),
    CLUSTER_HEARTBEAT_MS: positiveInt(5000),
    CLUSTER_DEAD_AFTER_MS: z.coerce.number().int().positive().optional(),
    METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().positive().optional(),
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).default(8),
    PASSWORD_HASH_WAIT_MS: positiveInt(1000),
    REDIS_PREFIX: z
      .string()
      .trim()
      .regex(/^[\w:.-]{1,64}$/, 'must be 1–64 letters, digits, _ : . or -')
      .default('chat:'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.WORKERS > 1 && !env.REDIS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKERS'],
        message: 'more than 1 needs REDIS_URL: without it presence, typing and sessions live in one process and cannot be shared',
      });
    }
    if (env.CLUSTER_DEAD_AFTER_MS !== undefined && env.CLUSTER_DEAD_AFTER_MS <= env.CLUSTER_HEARTBEAT_MS) {
      ctx.addIssue({ code: 'custom', path: ['CLUSTER_DEAD_AFTER_MS'], message: 'must be longer than CLUSTER_HEARTBEAT_MS' });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT' });
    }
    if (env.NODE_ENV !== 'test' && env.BCRYPT_ROUNDS < 10) {
      ctx.addIssue({ code: 'custom', path: ['BCRYPT_ROUNDS'], message: 'must be at least 10 outside tests' });
    }
  });

/** The environment's keys mapped to the names the code uses; this transform is the one place a key is read. */
const configSchema = schema.transform((env, ctx) => {
  let sessionSecret = '';
  try {
    sessionSecret = resolveSessionSecret({ sessionSecret: env.SESSION_SECRET, dataDir: env.DATA_DIR });
  } catch (error) {
    // A stored secret that cannot be read, written or used is reported like any other bad key.
    ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: (error as Error).message }); // resolveSessionSecret throws Errors only
  }
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST || undefined,
    dataDir: env.DATA_DIR,
    mysqlUrl: env.MYSQL_URL,
    redisUrl: env.REDIS_URL,
    /** SESSION_SECRET, or the one generated once and kept in DATA_DIR (see session-secret.ts). */
    sessionSecret,
    bcryptRounds: env.BCRYPT_ROUNDS,
    publicUrl: env.PUBLIC_URL,
    allowedOrigins: env.ALLOWED_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    registerMaxPerHour: env.REGISTER_MAX_PER_HOUR,
    messageRate: env.MESSAGE_RATE,
    messageBurst: env.MESSAGE_BURST,
    /** Socket.IO handshakes per client address: per second sustained, and a burst over 10 s on top. */
    handshakeRate: env.HANDSHAKE_RATE,
    handshakeBurst: env.HANDSHAKE_BURST,
    /** Open sockets per user, counted across processes. */
    socketsPerUser: env.SOCKETS_PER_USER,
    /**
     * Past this many registered users the site is large (PROTOCOL.md: 500, the default). The test
     * suite, whose services run shares one database across suites, raises it so that only the
     * suites about large sites (each on a database of its own) see one.
     */
    largeSiteUsers: env.LARGE_SITE_USERS,
    /** The largest upload, in bytes: past it the upload is refused (413) and nothing is kept. */
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    /** Uploads one user may start per minute, counted across processes (429 past it). */
    uploadMaxPerMinute: env.UPLOAD_MAX_PER_MINUTE,
    /** Batches of messages committed at once on MySQL, each for its own channels (SQLite: always 1). */
    mysqlWriteLanes: env.MYSQL_WRITE_LANES,
    /** Processes serving one port (Node's cluster module, sticky sessions); more than 1 needs Redis. */
    workers: env.WORKERS,
    /** How often each process beats in shared presence and sweeps dead ones. */
    heartbeatMs: env.CLUSTER_HEARTBEAT_MS,
    /** A process silent this long is declared dead and its users offline (default three beats). */
    deadAfterMs: env.CLUSTER_DEAD_AFTER_MS ?? env.CLUSTER_HEARTBEAT_MS * 3,
    /** Prefix of every Redis key and channel, so deployments (or test runs) can share one Redis. */
    redisPrefix: env.REDIS_PREFIX,
    /**
     * GET /metrics: off unless METRICS_TOKEN or METRICS_PORT is set. With a port it is served there
     * only, on 127.0.0.1; the token, when set, is required wherever it is served.
     */
    metrics: {
      enabled: env.METRICS_TOKEN !== undefined || env.METRICS_PORT !== undefined,
      token: env.METRICS_TOKEN,
      port: env.METRICS_PORT,
    },
    /**
     * bcrypt hashes in flight per process, and how many may wait (and how long) before sign-ins are
     * refused with 503: by default the cores but one, shared by the workers, so the event loop keeps a core.
     */
    passwordHashing: {
      concurrency: env.PASSWORD_HASH_CONCURRENCY ?? Math.max(1, Math.floor((availableParallelism() - 1) / env.WORKERS)),
      maxQueued: env.PASSWORD_HASH_QUEUE,
      maxWaitMs: env.PASSWORD_HASH_WAIT_MS,
    },
  };
});

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws ConfigError listing every bad key. Empty values count as unset.
 * Without SESSION_SECRET this reads, or on first start writes, the secret kept in DATA_DIR.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  }
  return result.data;
}
