/**
 * Bulk history for scenario (c), written through the store layer's own database module (the
 * server keeps running: SQLite in WAL mode and MySQL both take a second writer). Senders
 * alternate between the pair; afterwards both have read everything, as people who took part would.
 * Each message holds one word of the search scenario's vocabulary (scenarios/search.ts).
 *
 * For scenario (h), `rich` also gives every message a reply (`reply_to_id`: a message 1 to 50
 * before it; the first replies to the second) and reactions (`message_reactions`): one from the
 * other member on every message, a second emoji from the sender on every other one, 1.5 rows a
 * message. Ids are set here (from one past the table's highest), so replies, reactions and, on
 * MySQL, the search index's rows (message-terms.ts) go in with their messages, in the same bulk
 * inserts and transactions.
 */
import { openSqlDatabase } from '../../src/store/sql/db';
import { indexNewMessages } from '../../src/store/sql/message-terms';
import { searchWord } from '../scenarios/search';

const ROWS_PER_INSERT = 2000;
const INSERTS_PER_TRANSACTION = 25;

export type Seeded = { count: number; firstId: number; lastId: number; ms: number; reactions: number };

/** Emoji of the seeded reactions (RGI, as the server requires). */
const EMOJI = ['👍', '❤️', '😂', '🎉', '🙏', '👀', '🔥', '✅'] as const;

/** The message that seeded message `n` (0-based) replies to, also 0-based: 1 to 50 before it. */
export const replyTarget = (n: number) => (n === 0 ? 1 : n - 1 - ((n * 7) % Math.min(50, n)));

export async function seedChannel(
  where: { mysqlUrl?: string; dataDir: string },
  channelId: string,
  usernames: readonly [string, string],
  count: number,
  { rich = false }: { rich?: boolean } = {},
): Promise<Seeded> {
  const { db, close } = openSqlDatabase(where);
  const started = performance.now();
  let reactions = 0;
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
    const highest = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    const base = Number(highest?.max ?? 0) + 1;
    for (let done = 0; done < count;) {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < INSERTS_PER_TRANSACTION && done < count; i++) {
          const size = Math.min(ROWS_PER_INSERT, count - done);
          const rows = Array.from({ length: size }, (_, j) => {
            const n = done + j;
            const row = {
              id: base + n,
              channel_id: channel,
              sender_id: senders[n % 2] ?? 0,
              text: `seeded message ${n} ${searchWord(n)}: the quick brown fox jumps over the lazy dog`,
              client_id: null,
              created_at: now - count + n,
            };
            if (!rich) return row;
            return { ...row, reply_to_id: count > 1 ? base + replyTarget(n) : null };
          });
          await trx.insertInto('messages').values(rows).execute();
          await indexNewMessages(
            trx,
            rows.map((row) => ({ id: row.id, channelId: row.channel_id, text: row.text })),
          );
          if (rich) {
            const marks = rows.flatMap((_, j) => {
              const n = done + j;
              const first = { message_id: base + n, user_id: senders[(n + 1) % 2] ?? 0, emoji: EMOJI[n % EMOJI.length] ?? '👍' };
              if (n % 2 === 1) return [first];
              return [
                first,
                { message_id: base + n, user_id: senders[n % 2] ?? 0, emoji: EMOJI[(n + 3) % EMOJI.length] ?? '🎉' },
              ];
            });
            await trx.insertInto('message_reactions').values(marks).execute();
            reactions += marks.length;
          }
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
    return { count, firstId: Number(range.first), lastId, ms: performance.now() - started, reactions };
  } finally {
    await close();
  }
}
