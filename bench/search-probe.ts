/**
 * Search in the store layer alone, on the channels scenario (c) seeded: `tsx bench/search-probe.ts
 * [mysql://…/chat_bench]`. For each seeded channel, the time of `searchMessages` for a
 * vocabulary word (as the bench asks it, with no socket in between; names and details included)
 * and the rows one search reads (MariaDB's Rows_read on its connection: a count, not a time, so it
 * holds on a loaded machine).
 */
import { sql, type Kysely } from 'kysely';
import { openSqlDatabase } from '../src/store/sql/db';
import { searchMessages } from '../src/store/sql/message-search';
import type { Database } from '../src/store/sql/schema';
import { percentiles } from './lib/stats';
import { searchWord } from './scenarios/search';

const args = process.argv.slice(2);
const url = args.find((arg) => arg.startsWith('mysql:')) ?? 'mysql://root@127.0.0.1:3306/chat_bench';
const SEARCHES = 200;
const LIMIT = 20;

const { db, close } = openSqlDatabase({ mysqlUrl: url, dataDir: ':memory:' });

async function search(connection: Kysely<Database>, userId: number, word: string): Promise<number> {
  const page = await searchMessages(connection, 'mysql', { userId: String(userId), words: [word], limit: LIMIT });
  return page.messages.length;
}

/** Rows read on this connection: MariaDB's Rows_read (FULLTEXT matches included), else index reads. */
async function rowsRead(connection: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ Variable_name: string; Value: string }>`SHOW SESSION STATUS`.execute(connection);
  const value = (name: string) => rows.find((row) => row.Variable_name === name)?.Value;
  const read = value('Rows_read');
  if (read !== undefined) return Number(read);
  return ['Handler_read_key', 'Handler_read_next', 'Handler_read_prev'].reduce((sum, name) => sum + Number(value(name) ?? 0), 0);
}

// The seeded channels: direct channels holding at least 1,000 messages, with one of their members.
const { rows: channels } = await sql<{ channel_id: string; messages: string; user_id: string }>`
  SELECT m.channel_id, m.messages, (SELECT MIN(user_id) FROM channel_members WHERE channel_id = m.channel_id) AS user_id
  FROM (SELECT channel_id, COUNT(*) AS messages FROM messages GROUP BY channel_id HAVING COUNT(*) >= 1000) AS m
  INNER JOIN channels AS c ON c.id = m.channel_id AND c.kind = 'direct'
  ORDER BY m.messages`.execute(db);
for (const channel of channels) {
  const user = Number(channel.user_id);
  await db.connection().execute(async (connection) => {
    const times: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < SEARCHES + 5; i++) {
      const word = searchWord(Math.floor(Math.random() * 2000));
      const before = await rowsRead(connection);
      const started = performance.now();
      await search(connection, user, word);
      const elapsed = performance.now() - started;
      const read = (await rowsRead(connection)) - before;
      if (i < 5) continue; // warm-up
      times.push(elapsed);
      reads.push(read);
    }
    const time = percentiles([Float64Array.from(times)]);
    const rows = percentiles([Float64Array.from(reads)]);
    console.log(
      `${Number(channel.messages).toLocaleString('en')} messages (the user's channels hold others too): ` +
        `p50 ${time.p50.toFixed(2)} ms, p99 ${time.p99.toFixed(2)} ms; rows read p50 ${rows.p50}, max ${rows.max}`,
    );
  });
}
await close();
