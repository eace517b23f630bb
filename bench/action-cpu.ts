/**
 * CPU per message and per message action in the Engine and the store layer: `npx tsx
 * bench/action-cpu.ts` (SQLite, where all the work is in this process), or with
 * `PROBE_MYSQL_URL=mysql://…/db` (dropped and made again; then it also times throughput).
 * 100 two-member rooms; 32 operations in flight at a time, like the open-loop senders of the
 * bench. Plain: every operation is a `chatMessage`. Mixed: as scenario (g), one operation in ten is
 * an action on the sender's own recent messages, alternately a reaction and an edit. Socket.IO, parsing and delivery are left out: this is the part message actions change.
 * CPU time barely moves with other work on a shared machine; compare two versions in worktrees.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Engine } from '../src/chat/engine';
import type { Actor } from '../src/chat/events';
import { MemoryPresenceStore } from '../src/store/memory/presence-store';
import { MemoryTypingStore } from '../src/store/memory/typing-store';
import { createSqlStores } from '../src/store/sql';
import { recreateDatabase } from './lib/services';

const OPERATIONS = Number(process.env.PROBE_OPERATIONS ?? 6000);
const IN_FLIGHT = 32;
const mysqlUrl = process.env.PROBE_MYSQL_URL || undefined;
const EMOJI = ['👍', '❤️', '😂', '🎉', '🙏', '👀', '🔥', '✅'];

const dir = mkdtempSync(path.join(os.tmpdir(), 'action-cpu-'));
if (mysqlUrl) await recreateDatabase(mysqlUrl);
const sql = await createSqlStores({ mysqlUrl, dataDir: dir, logger: pino({ level: 'silent' }), migrate: true });
const lanes = Number(process.env.PROBE_LANES ?? 0);
const engine = new Engine({
  ...sql,
  presence: new MemoryPresenceStore(),
  typing: new MemoryTypingStore(),
  ...(lanes > 0 ? { writeLanes: lanes } : {}),
});

type Sender = { actor: Actor; channelId: string; recent: string[]; acted: number };
const senders: Sender[] = [];
for (let i = 0; i < 100; i++) {
  const a = await sql.users.create({ username: `ac_a${i}`, passwordHash: 'x', now: 1 });
  const b = await sql.users.create({ username: `ac_b${i}`, passwordHash: 'x', now: 1 });
  const room = await sql.channels.createRoom({ name: `r${i}`, isPrivate: true, createdBy: a.id, memberIds: [b.id], now: 1 });
  for (const user of [a, b])
    senders.push({ actor: { id: user.id, username: user.username }, channelId: room.id, recent: [], acted: 0 });
}

let n = 0;
async function operation(mixed: boolean): Promise<void> {
  const i = n++;
  const sender = senders[i % senders.length];
  if (!sender) throw new Error('no senders');
  const target = sender.recent[sender.acted % Math.max(1, sender.recent.length)];
  if (mixed && i % 10 === 9 && target !== undefined) {
    const k = sender.acted++;
    if (k % 2 === 0) {
      // The targets move on with new messages, so almost every reaction changes its message.
      const emoji = EMOJI[Math.floor(k / 2) % EMOJI.length] ?? '👍';
      await engine.actions.react(sender.actor, { channelId: sender.channelId, messageId: target, emoji });
    } else {
      await engine.actions.edit(sender.actor, { channelId: sender.channelId, messageId: target, text: `edited ${i}` });
    }
    return;
  }
  const message = await engine.sendMessage(sender.actor, { channelId: sender.channelId, text: `probe ${i}`, clientId: `c${i}` });
  sender.recent.push(message.id);
  if (sender.recent.length > 4) sender.recent.shift();
}

async function run(mixed: boolean, count: number): Promise<{ cpu: number; wall: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let taken = 0;
  const worker = async () => {
    while (taken++ < count) await operation(mixed);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / count, wall: (performance.now() - started) / count };
}

try {
  await run(false, 1000); // warm-up: JIT, statement cache
  await run(true, 1000);
  const lines: string[] = [];
  for (const mixed of [false, true, false, true]) {
    const { cpu, wall } = await run(mixed, OPERATIONS);
    lines.push(
      `${sql.database.dialect} ${mixed ? 'mixed, 10 % actions' : 'plain messages     '}: ${cpu.toFixed(0)} µs CPU per operation, ` +
        `${Math.round(1e3 / wall)} operations/s with ${IN_FLIGHT} in flight`,
    );
  }
  console.log(lines.join('\n'));
} finally {
  await engine.close();
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
}
