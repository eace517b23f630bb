/**
 * CPU per message of the store layer's group commit on SQLite, by batch size: `npx tsx
 * bench/append-cpu.ts`. A fresh SQLite file (WAL, as the server opens it), 100 two-member rooms,
 * 4,000 messages per batch size through `appendBatch`. CPU time, unlike latency, barely moves with
 * other work on a shared machine, so two versions compare well: run it in a `git worktree` of
 * each, alternately, a few times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createSqlStores } from '../src/store/sql';

const MESSAGES = 4000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'append-cpu-'));
const sql = await createSqlStores({ dataDir: dir, logger: pino({ level: 'silent' }), migrate: true });
const rooms: { id: string; members: [string, string] }[] = [];
for (let i = 0; i < 100; i++) {
  const a = await sql.users.create({ username: `cpu_a${i}`, passwordHash: 'x', now: 1 });
  const b = await sql.users.create({ username: `cpu_b${i}`, passwordHash: 'x', now: 1 });
  const room = await sql.channels.createRoom({ name: `r${i}`, isPrivate: true, createdBy: a.id, memberIds: [b.id], now: 1 });
  rooms.push({ id: room.id, members: [a.id, b.id] });
}

let n = 0;
async function appendOne(size: number): Promise<void> {
  const drafts = Array.from({ length: size }, () => {
    const room = rooms[Math.floor(Math.random() * rooms.length)] ?? rooms[0];
    if (!room) throw new Error('no rooms');
    const senderId = room.members[n % 2] ?? room.members[0];
    return { channelId: room.id, senderId, text: `cpu probe ${n}`, clientId: `cpu-${n++}`, createdAt: Date.now() };
  });
  await sql.messages.appendBatch(drafts);
}

try {
  for (const size of [1, 8, 32]) {
    for (let i = 0; i < 50; i++) await appendOne(size); // warm-up: JIT, statement cache
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let done = 0; done < MESSAGES; done += size) await appendOne(size);
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    console.log(
      `batch of ${String(size).padStart(2)}: ${((used.user + used.system) / MESSAGES).toFixed(1)} µs CPU per message, ${((wall * 1000) / MESSAGES).toFixed(1)} µs wall`,
    );
  }
} finally {
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
}
