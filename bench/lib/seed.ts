/**
 * Bulk history for scenario (c), written through the store layer's own database module (the
 * server keeps running: SQLite in WAL mode and MySQL both take a second writer). Senders
 * alternate between the pair; afterwards both have read everything, as people who took part would.
 * Each message holds one word of the search scenario's vocabulary (scenarios/search.ts).
 */
import { openSqlDatabase } from '../../src/store/sql/db';
import { searchWord } from '../scenarios/search';

const ROWS_PER_INSERT = 2000;
const INSERTS_PER_TRANSACTION = 25;

export type Seeded = { count: number; firstId: number; lastId: number; ms: number };

export async function seedChannel(
  where: { mysqlUrl?: string; dataDir: string },
  channelId: string,
  usernames: readonly [string, string],
  count: number,
): Promise<Seeded> {
  const { db, close } = openSqlDatabase(where);
  const started = performance.now();
  try {
    const users = await db
      .selectFrom('users')
      .select(['id', 'username_key'])
      .where(
        'username_key',
        'in',
        usernames.map((name) => name.toLowerCase()),
      )
      .execute();
    const senders = users.map((user) => Number(user.id));
    if (senders.length !== 2) throw new Error('seed: the pair is not registered');
    const channel = Number(channelId);
    const now = Date.now();
    for (let done = 0; done < count;) {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < INSERTS_PER_TRANSACTION && done < count; i++) {
          const size = Math.min(ROWS_PER_INSERT, count - done);
          const rows = Array.from({ length: size }, (_, j) => {
            const n = done + j;
            return {
              channel_id: channel,
              sender_id: senders[n % 2] ?? 0,
              text: `seeded message ${n} ${searchWord(n)}: the quick brown fox jumps over the lazy dog`,
              client_id: null,
              created_at: now - count + n,
            };
          });
          await trx.insertInto('messages').values(rows).execute();
          done += size;
        }
      });
    }
    const range = await db
      .selectFrom('messages')
      .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')])
      .where('channel_id', '=', channel)
      .executeTakeFirstOrThrow();
    const lastId = Number(range.last);
    await db.updateTable('channel_members').set({ last_read_id: lastId }).where('channel_id', '=', channel).execute();
    return { count, firstId: Number(range.first), lastId, ms: performance.now() - started };
  } finally {
    await close();
  }
}
