/**
 * The two paths of SQL appendBatch apart. The slow one (one draft at a time) is taken when a
 * concurrent writer stored the same clientId first or ids were not consecutive, and must answer
 * exactly what the fast one does; the fast one must dedupe a batch before its INSERT.
 */
import { expect } from 'chai';
import { appendInTransaction, appendOneByOne } from '../../src/store/sql/append-batch';
import { readPositionsUpdate } from '../../src/store/sql/read-positions';
import { createSqlStores, type SqlStores } from '../../src/store/sql';
import { uniqueName } from './contract';
import { MYSQL_URL, scratchMysqlUrl, silentLogger } from './support';

const draftOf = (channelId: string, senderId: string, text: string) => ({
  channelId,
  senderId,
  text,
  clientId: null,
  createdAt: 2,
});

function appendPathsSuite(name: string, mysqlUrl?: string): void {
  describe(`SQL appendBatch paths: ${name}`, () => {
    let sql: SqlStores;
    let drop = async (): Promise<void> => undefined;
    before(async () => {
      const scratch = mysqlUrl ? await scratchMysqlUrl(mysqlUrl) : undefined;
      drop = scratch?.drop ?? drop;
      sql = await createSqlStores({ mysqlUrl: scratch?.url, dataDir: ':memory:', logger: silentLogger, migrate: true });
    });
    after(async () => {
      await sql.close();
      await drop();
    });

    it('stores drafts in order, dedupes clientIds within the batch and against stored ones, moves read positions', async () => {
      const user = await sql.users.create({ username: uniqueName('slow'), passwordHash: 'x', now: 1 });
      const other = await sql.users.create({ username: uniqueName('slow'), passwordHash: 'x', now: 1 });
      const room = await sql.channels.createRoom({
        name: 'r',
        isPrivate: true,
        createdBy: user.id,
        memberIds: [other.id],
        now: 1,
      });
      const draft = (text: string, clientId: string | null) => ({
        channelId: room.id,
        senderId: user.id,
        text,
        clientId,
        createdAt: 2,
      });
      const [earlier] = await sql.messages.appendBatch([draft('earlier', 'old')]);
      const stored = await appendOneByOne(sql.database.db, [
        draft('first', 'dup'),
        draft('second', 'dup'),
        draft('plain 😀', null),
        draft('old again', 'old'),
      ]);
      expect(stored.map((s) => s.created)).to.deep.equal([true, false, true, false]);
      expect(stored.map((s) => s.message.text)).to.deep.equal(['first', 'first', 'plain 😀', 'earlier']);
      expect(stored[3]?.message).to.deep.equal(earlier?.message);
      expect(stored[0]?.message.senderName).to.equal(user.username);
      const page = await sql.messages.page(room.id, {}, 10);
      expect(page.messages.map((m) => m.text)).to.deep.equal(['earlier', 'first', 'plain 😀']);
      expect((await sql.channels.summaryFor(room.id, user.id))?.lastReadId).to.equal(stored[2]?.message.id);
      expect((await sql.channels.summaryFor(room.id, other.id))?.unread).to.equal(3);
    });

    it('dedupes a clientId repeated within a batch before the INSERT, without falling back', async () => {
      const user = await sql.users.create({ username: uniqueName('fast'), passwordHash: 'x', now: 1 });
      const room = await sql.channels.createRoom({ name: 'r', isPrivate: true, createdBy: user.id, memberIds: [], now: 1 });
      const draft = (text: string) => ({ channelId: room.id, senderId: user.id, text, clientId: 'same', createdAt: 2 });
      const { db, dialect } = sql.database;
      // The fast path alone: a duplicate reaching the INSERT would throw here instead of being answered.
      const stored = await db.transaction().execute((trx) => appendInTransaction(trx, dialect, [draft('one'), draft('two')]));
      expect(stored.map((s) => [s.message.text, s.created])).to.deep.equal([
        ['one', true],
        ['one', false],
      ]);
    });

    it('moves read positions with SQL whose text depends only on how many move (reusable as a prepared statement)', async () => {
      const compiled = (ids: number[]) => readPositionsUpdate(ids.map((id, i) => ({ channelId: i + 1, userId: i + 2, id })));
      const early = compiled([10, 11]);
      const late = compiled([123456, 123457]);
      expect(late?.sql).to.equal(early?.sql);
      expect(late?.parameters).to.include(123456);
      expect(compiled([10, 11, 12])?.sql).to.not.equal(early?.sql);
      expect(compiled([])).to.equal(undefined);

      const [a, b] = [
        await sql.users.create({ username: uniqueName('pos'), passwordHash: 'x', now: 1 }),
        await sql.users.create({ username: uniqueName('pos'), passwordHash: 'x', now: 1 }),
      ];
      const room = await sql.channels.createRoom({ name: 'r', isPrivate: true, createdBy: a.id, memberIds: [b.id], now: 1 });
      // One after another: ids[2] must be a's newest message (concurrent appends commit in any order).
      const ids: (string | undefined)[] = [];
      for (const n of [1, 2, 3]) ids.push((await sql.messages.appendBatch([draftOf(room.id, a.id, `p${n}`)]))[0]?.message.id);
      await sql.channels.markReadMany([{ channelId: room.id, userId: b.id, messageId: ids[1] ?? '0' }]);
      const update = readPositionsUpdate([
        { channelId: Number(room.id), userId: Number(a.id), id: Number(ids[0]) },
        { channelId: Number(room.id), userId: Number(b.id), id: Number(ids[2]) },
      ]);
      if (update) await sql.database.db.executeQuery(update);
      expect((await sql.channels.summaryFor(room.id, a.id))?.lastReadId, 'never back').to.equal(ids[2]);
      expect((await sql.channels.summaryFor(room.id, b.id))?.lastReadId, 'forward').to.equal(ids[2]);
    });
  });
}

appendPathsSuite('SQLite');
if (MYSQL_URL) appendPathsSuite('MySQL', MYSQL_URL);
