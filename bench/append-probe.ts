/**
 * How long one group-commit batch takes in the store layer, by batch size: `tsx bench/append-probe.ts
 * [mysql://…/chat_bench]` against a database a bench run left behind (its direct channels and
 * users). Shows whether the services-mode knee is bound by database round trips rather than CPU.
 */
import { SqlMessageStore } from '../src/store/sql/message-store';
import { openSqlDatabase } from '../src/store/sql/db';

const url = process.argv[2] ?? 'mysql://root@127.0.0.1:3306/chat_bench';
const { db, dialect, close } = openSqlDatabase({ mysqlUrl: url.startsWith('mysql:') ? url : undefined, dataDir: url });
const store = new SqlMessageStore(db, dialect);
const channels = await db
  .selectFrom('channels')
  .select(['id', 'user_a', 'user_b'])
  .where('kind', '=', 'direct')
  .limit(500)
  .execute();
if (channels.length === 0) throw new Error('no direct channels: run `npm run bench -- --scenario a` first');
let n = 0;
for (const size of [1, 10, 50, 200]) {
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    const drafts = Array.from({ length: size }, (_, i) => {
      const channel = channels[(round * size + i) % channels.length]!;
      return {
        channelId: String(channel.id),
        senderId: String(channel.user_a),
        text: `probe ${n}`,
        clientId: `probe-${n++}`,
        createdAt: Date.now(),
      };
    });
    const started = performance.now();
    await store.appendBatch(drafts);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p50 = times[times.length >> 1] ?? NaN;
  console.log(
    `batch of ${String(size).padStart(3)}: p50 ${p50.toFixed(2)} ms, max ${times.at(-1)?.toFixed(2)} ms → ${((size * 1000) / p50).toFixed(0)} messages/s if batches ran back to back`,
  );
}
await close();
