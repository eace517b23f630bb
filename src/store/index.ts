/**
 * Picks and builds the concrete stores: SQL on MySQL (MYSQL_URL) or embedded SQLite, and Redis
 * (REDIS_URL) or in-process presence/typing/sessions. Only main.ts and test support call this.
 */
import type { Store as SessionStore } from 'express-session';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HealthChecks } from '../chat/availability';
import type { Metrics } from '../chat/metrics';
import type {
  AttachmentStore,
  ChannelStore,
  MessageStore,
  PresenceStore,
  RoomEventStore,
  SessionIndex,
  TypingStore,
  UserStore,
} from '../chat/ports';

export type StoreOptions = {
  /** mysql://…; unset: SQLite file `chat.sqlite` in dataDir (or ':memory:' when dataDir is ':memory:'). */
  mysqlUrl?: string;
  /** redis://…; unset: in-process presence, typing, sessions kept in the SQL database. */
  redisUrl?: string;
  dataDir: string;
  /** Prefix of every Redis key and channel, so several deployments (or test apps) can share one Redis. */
  redisPrefix: string;
  /** Identifies this process in shared presence (crash clean-up). */
  processId: string;
  logger: Logger;
  /** Run the migrations before returning (default true). */
  migrate?: boolean;
  /** Failed store calls are counted here. */
  metrics?: Pick<Metrics, 'backendError'>;
  /** Writer lanes with MySQL (default 4); SQLite has one connection, so always 1. */
  mysqlWriteLanes?: number;
};

export type Stores = {
  users: UserStore;
  channels: ChannelStore;
  messages: MessageStore;
  /** Uploaded files, in the SQL database so that every process serves them. */
  attachments: AttachmentStore;
  /** Joins, invitations and leaves of rooms, in the SQL database beside the messages. */
  roomEvents: RoomEventStore;
  presence: PresenceStore;
  typing: TypingStore;
  sessionStore: SessionStore;
  /** Which sessions belong to a user (kept by the session store). */
  sessionIndex: SessionIndex;
  /** The Redis connection when REDIS_URL is set (rate limiters and the Socket.IO adapter use it). */
  redis: Redis | undefined;
  /** Each throws when its backend cannot be reached. */
  checks: HealthChecks;
  /** Batches of messages the database takes at once, each for its own channels (the Engine's writer lanes). */
  writeLanes: number;
  close(): Promise<void>;
};

export { createStores } from './create-stores';
