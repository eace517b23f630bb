/**
 * What one history page costs the store layer: `npx tsx bench/history-cpu.ts` (SQLite), or with
 * `PROBE_MYSQL_URL=mysql://…/db` (that database is dropped and made again). A direct channel of
 * `PROBE_SIZE` messages (default 100,000) seeded as scenario (c) does, and one seeded as (h)
 * (a reply and 1.5 reactions on every message); then pages of 50 at random positions, each with
 * the channel summary, as Engine.history asks for them. Reports per page: statements, CPU of this
 * process (with SQLite that is all the work), and wall time. CPU time, unlike latency, barely
 * moves with other work on a shared machine, so two versions compare well in `git worktree`s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KyselyPlugin } from 'kysely';
import pino from 'pino';
import { createSqlStores } from '../src/store/sql';
import { SqlChannelStore } from '../src/store/sql/channel-store';
import { SqlMessageStore } from '../src/store/sql/message-store';
import { seedChannel } from './lib/seed';
import { recreateDatabase } from './lib/services';

const SIZE = Number(process.env.PROBE_SIZE ?? 100_000);
const PAGES = Number(process.env.PROBE_PAGES ?? 1000);
const mysqlUrl = process.env.PROBE_MYSQL_URL || undefined;

const dir = mkdtempSync(path.join(os.tmpdir(), 'history-cpu-'));
if (mysqlUrl) await recreateDatabase(mysqlUrl);
const where = { mysqlUrl, dataDir: dir };
const sql = await createSqlStores({ ...where, logger: pino({ level: 'silent' }), migrate: true });
const counted = { statements: 0 };
const counter: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    counted.statements++;
    return args.result;
  },
};
const db = sql.database.db.withPlugin(counter);
const messages = new SqlMessageStore(db, sql.database.dialect);
const channels = new SqlChannelStore(db);

async function pair(tag: string) {
  const a = await sql.users.create({ username: `hp_${tag}a`, passwordHash: 'x', now: 1 });
  const b = await sql.users.create({ username: `hp_${tag}b`, passwordHash: 'x', now: 1 });
  const channel = await sql.channels.findOrCreateDirect(a.id, b.id, a.id, 1);
  return { a, channel };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

try {
  for (const rich of [false, true]) {
    const { a, channel } = await pair(rich ? 'rich' : 'plain');
    const seeded = await seedChannel(where, channel.id, [a.username, `hp_${rich ? 'rich' : 'plain'}b`], SIZE, { rich });
    const page = async () => {
      const before = String(seeded.firstId + 60 + Math.floor(Math.random() * (seeded.count - 60)));
      await Promise.all([messages.page(channel.id, { before }, 50), channels.summaryFor(channel.id, a.id)]);
    };
    for (let i = 0; i < 50; i++) await page(); // warm-up: JIT, statement cache, buffer pool
    counted.statements = 0;
    const walls: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < PAGES; i++) {
      const started = performance.now();
      await page();
      walls.push(performance.now() - started);
    }
    const used = process.cpuUsage(cpu);
    walls.sort((x, y) => x - y);
    console.log(
      `${sql.database.dialect} ${rich ? 'reactions + replies' : 'plain'} ${SIZE}: ${(counted.statements / PAGES).toFixed(1)} statements, ` +
        `${((used.user + used.system) / PAGES).toFixed(0)} µs CPU, wall p50 ${quantile(walls, 0.5).toFixed(2)} ms ` +
        `p99 ${quantile(walls, 0.99).toFixed(2)} ms per page (with its channel summary)`,
    );
  }
} finally {
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
}
