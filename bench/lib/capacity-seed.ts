/**
 * The capacity scenario's site, written straight into a freshly migrated database (the server is
 * already running on it): N users sharing one password hash, every one in `everyone`, each with a
 * few fixed partners (direct channels with some history, all read) and one room of 20–50 members,
 * and a signed-in session per user (in the SQL table, or in Redis in services mode) with the cookie
 * a browser would send. Through the HTTP form this took minutes at 10,000 users; here, seconds.
 *
 * Partners live in the same generator lane (user i is in lane i mod lanes): each user's partners are
 * its neighbours at distance 1 and 2 on a ring of its lane, four in all. Rooms are runs of
 * consecutive users, so they span lanes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from '../../src/http/session';
import { SESSION_POLICY } from '../../src/security/session-policy';
import { openSqlDatabase } from '../../src/store/sql/db';
import type { Database } from '../../src/store/sql/schema';
import type { CapacityUser } from './capacity-protocol';

export type CapacitySite = {
  everyoneId: string;
  /** One list of users per generator lane. */
  lanes: CapacityUser[][];
  rooms: number;
  directChannels: number;
  messages: number;
  ms: number;
};

export type SiteOptions = {
  users: number;
  lanes: number;
  /** Messages of history in each direct channel. */
  historyPerChannel: number;
  /** Share of users who have `everyone` open (they read each of its messages). */
  everyoneReaders: number;
  sessionSecret: string;
  roomSizes: [number, number];
};

export type Backend = { dataDir: string; mysqlUrl?: string; redisUrl?: string; redisPrefix?: string };

const ROWS_PER_INSERT = 500;
const PASSWORD = 'correct horse battery staple';

/** A small deterministic generator, so that a step's site is the same from run to run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export const capacityName = (index: number) => `cap_${String(index).padStart(5, '0')}`;

/** express-session's signed cookie (cookie-signature: HMAC-SHA256, base64 without padding). */
function sessionCookie(sid: string, secret: string): string {
  const signature = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `${SESSION_COOKIE}=${encodeURIComponent(`s:${sid}.${signature}`)}`;
}

function sessionData(userId: number, username: string, now: number): string {
  return JSON.stringify({
    cookie: {
      originalMaxAge: SESSION_POLICY.idleMs,
      expires: new Date(now + SESSION_POLICY.idleMs).toISOString(),
      secure: false,
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
    },
    userId: String(userId),
    username,
    createdAt: now,
    lastSeenAt: now,
    userAgent: 'capacity bench',
    address: '127.0.0.1',
  });
}

async function insertAll<T extends keyof Database>(db: Kysely<Database>, table: T, rows: readonly object[]): Promise<void> {
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
    // The rows are built for this table just above each call; Kysely's insert types are too deep to infer here.
    await db
      .insertInto(table)
      .values(rows.slice(at, at + ROWS_PER_INSERT) as never)
      .execute();
  }
}

/** The lanes' rings: each user's partners, as user ids (1-based: user index + 1). */
function partnerPairs(users: number, lanes: number): [number, number][] {
  const pairs: [number, number][] = [];
  const seen = new Set<string>();
  for (let lane = 0; lane < lanes; lane++) {
    const members: number[] = [];
    for (let i = lane; i < users; i += lanes) members.push(i);
    for (let p = 0; p < members.length; p++) {
      for (const distance of [1, 2]) {
        const a = members[p];
        const b = members[(p + distance) % members.length];
        if (a === undefined || b === undefined || a === b) continue;
        const [low, high] = a < b ? [a, b] : [b, a];
        const key = `${low}:${high}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([low, high]);
      }
    }
  }
  return pairs;
}

function roomRuns(users: number, [min, max]: [number, number], next: () => number): [number, number][] {
  const runs: [number, number][] = [];
  for (let start = 0; start < users;) {
    let size = min + Math.floor(next() * (max - min + 1));
    // A remainder too small to be a room joins the last one.
    if (users - start - size < min) size = users - start;
    runs.push([start, start + size]);
    start += size;
  }
  return runs;
}

async function writeSessions(backend: Backend, db: Kysely<Database>, sessions: { sid: string; userId: number; data: string }[]) {
  const expires = Date.now() + SESSION_POLICY.idleMs;
  if (!backend.redisUrl) {
    await insertAll(
      db,
      'sessions',
      sessions.map(({ sid, userId, data }) => ({ sid, data, expires_at: expires, user_id: String(userId) })),
    );
    return;
  }
  const prefix = backend.redisPrefix ?? 'chat:';
  const redis = new Redis(backend.redisUrl);
  try {
    for (let at = 0; at < sessions.length; at += 1000) {
      const pipeline = redis.pipeline();
      for (const { sid, userId, data } of sessions.slice(at, at + 1000)) {
        // What connect-redis 8 writes (JSON, expiry in seconds), and the index IndexedRedisStore keeps.
        pipeline.set(`${prefix}sess:${sid}`, data, 'EX', Math.ceil(SESSION_POLICY.idleMs / 1000));
        pipeline.sadd(`${prefix}user-sessions:${userId}`, sid);
        pipeline.pexpire(`${prefix}user-sessions:${userId}`, SESSION_POLICY.absoluteMs);
      }
      await pipeline.exec();
    }
  } finally {
    redis.disconnect();
  }
}

/** Writes the site of `options.users` users into the server's (freshly migrated, empty) database. */
export async function seedCapacitySite(backend: Backend, options: SiteOptions): Promise<CapacitySite> {
  const started = performance.now();
  const next = random(options.users);
  const now = Date.now();
  const { db, close } = openSqlDatabase(backend);
  try {
    const everyone = await db.selectFrom('channels').select('id').where('kind', '=', 'everyone').executeTakeFirstOrThrow();
    const everyoneId = Number(everyone.id);
    const hash = await bcrypt.hash(PASSWORD, 4);
    const ids = Array.from({ length: options.users }, (_, i) => i + 1);
    await insertAll(
      db,
      'users',
      ids.map((id) => ({
        id,
        username: capacityName(id - 1),
        username_key: capacityName(id - 1),
        password_hash: hash,
        created_at: now,
      })),
    );
    await insertAll(
      db,
      'channel_members',
      ids.map((id) => ({ channel_id: everyoneId, user_id: id, last_read_id: 0, joined_at: now })),
    );

    let channelId = everyoneId + 1;
    let messageId = 1;
    const partners = new Map<number, CapacityUser['partners']>();
    const directChannels: object[] = [];
    const directMembers: object[] = [];
    const history: object[] = [];
    for (const [low, high] of partnerPairs(options.users, options.lanes)) {
      const id = channelId++;
      const [lowId, highId] = [low + 1, high + 1];
      directChannels.push({
        id,
        kind: 'direct',
        is_private: 1,
        direct_key: `${lowId}:${highId}`,
        user_a: lowId,
        user_b: highId,
        created_by: lowId,
        created_at: now,
      });
      const firstId = messageId;
      for (let n = 0; n < options.historyPerChannel; n++) {
        history.push({
          id: messageId++,
          channel_id: id,
          sender_id: n % 2 === 0 ? lowId : highId,
          text: `earlier message ${n}: the quick brown fox jumps over the lazy dog`,
          client_id: null,
          created_at: now - options.historyPerChannel + n,
        });
      }
      const lastId = messageId - 1;
      for (const userId of [lowId, highId])
        directMembers.push({ channel_id: id, user_id: userId, last_read_id: lastId, joined_at: now });
      const channel = String(id);
      partners.set(low, [...(partners.get(low) ?? []), { username: capacityName(high), channelId: channel, firstId, lastId }]);
      partners.set(high, [...(partners.get(high) ?? []), { username: capacityName(low), channelId: channel, firstId, lastId }]);
    }
    await insertAll(db, 'channels', directChannels);
    await insertAll(db, 'channel_members', directMembers);
    await insertAll(db, 'messages', history);

    const roomOf = new Map<number, { channelId: string; members: number }>();
    const rooms: object[] = [];
    const roomMembers: object[] = [];
    for (const [start, end] of roomRuns(options.users, options.roomSizes, next)) {
      const id = channelId++;
      const name = `Capacity room ${rooms.length + 1}`;
      rooms.push({ id, kind: 'room', name, name_key: name.toLowerCase(), is_private: 0, created_by: start + 1, created_at: now });
      for (let i = start; i < end; i++) {
        roomMembers.push({ channel_id: id, user_id: i + 1, last_read_id: 0, joined_at: now });
        roomOf.set(i, { channelId: String(id), members: end - start });
      }
    }
    await insertAll(db, 'channels', rooms);
    await insertAll(db, 'channel_members', roomMembers);

    const sessions = ids.map((id) => ({
      sid: randomBytes(24).toString('base64url'),
      userId: id,
      data: sessionData(id, capacityName(id - 1), now),
    }));
    await writeSessions(backend, db, sessions);

    const lanes: CapacityUser[][] = Array.from({ length: options.lanes }, () => []);
    const readEvery = options.everyoneReaders > 0 ? Math.round(1 / options.everyoneReaders) : 0;
    for (const [i, session] of sessions.entries()) {
      lanes[i % options.lanes]?.push({
        index: i,
        username: capacityName(i),
        cookie: sessionCookie(session.sid, options.sessionSecret),
        partners: partners.get(i) ?? [],
        ...(roomOf.has(i) ? { room: roomOf.get(i) } : {}),
        readsEveryone: readEvery > 0 && i % readEvery === 0,
      });
    }
    return {
      everyoneId: String(everyoneId),
      lanes,
      rooms: rooms.length,
      directChannels: directChannels.length,
      messages: history.length,
      ms: performance.now() - started,
    };
  } finally {
    await close();
  }
}
