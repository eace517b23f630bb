/**
 * The prepared-statement cache handed to Kysely's SQLite dialect: the same SQL reuses its
 * statement, the cache stays within its bound, and reused statements give the same answers,
 * through Kysely too (streaming included, whose statement is busy while it iterates).
 */
import { expect } from 'chai';
import SqliteConnection from 'better-sqlite3';
import { Kysely, SqliteDialect, type Generated } from 'kysely';
import { CachingSqliteDatabase } from '../../src/store/sql/statement-cache';

type Tables = { notes: { id: Generated<number>; body: string } };

describe('CachingSqliteDatabase', () => {
  let connection: SqliteConnection.Database;
  let cache: CachingSqliteDatabase;
  beforeEach(() => {
    connection = new SqliteConnection(':memory:');
    connection.exec('create table notes (id integer primary key, body text not null)');
    cache = new CachingSqliteDatabase(connection, 3);
  });
  afterEach(() => {
    if (connection.open) cache.close();
  });

  describe('prepare', () => {
    it('answers the same statement for the same SQL', () => {
      const first = cache.prepare('select body from notes where id = ?');
      const second = cache.prepare('select body from notes where id = ?');
      expect(second).to.equal(first);
      expect(cache.size).to.equal(1);
    });

    it('keeps at most its budget of SQL text, dropping the least recently used, and never caches a text over a tenth of it', () => {
      const bounded = new CachingSqliteDatabase(connection, 100, 1000);
      const text = (n: number) => `select ${n} as n${' '.repeat(80)}`; // 90-odd characters each
      const first = bounded.prepare(text(1));
      for (let n = 2; n <= 30; n++) bounded.prepare(text(n));
      expect(bounded.heldChars).to.be.at.most(1000);
      expect(bounded.size).to.be.below(30);
      expect(bounded.prepare(text(30))).to.equal(bounded.prepare(text(30)));
      expect(bounded.prepare(text(1))).not.to.equal(first);
      const long = `select 1 as n${' '.repeat(200)}`;
      expect(bounded.prepare(long)).not.to.equal(bounded.prepare(long));
      expect(bounded.heldChars).to.be.at.most(1000);
    });

    it('keeps at most its capacity, dropping the least recently used', () => {
      const a = cache.prepare('select 1');
      cache.prepare('select 2');
      cache.prepare('select 3');
      expect(cache.prepare('select 1')).to.equal(a);
      const b = cache.prepare('select 4');
      expect(cache.size).to.equal(3);
      // `select 2` was the least recently used: it was dropped, the others stayed.
      expect(cache.prepare('select 1')).to.equal(a);
      expect(cache.prepare('select 4')).to.equal(b);
      expect(cache.size).to.equal(3);
    });

    it('gives the right rows and changes on each reuse', () => {
      const insert = cache.prepare('insert into notes (body) values (?)');
      const select = cache.prepare('select body from notes where id = ?');
      for (const body of ['one', 'two', 'three']) insert.run([body]);
      expect(cache.prepare('select body from notes where id = ?').all([2])).to.deep.equal([{ body: 'two' }]);
      expect(select.all([3])).to.deep.equal([{ body: 'three' }]);
      expect(cache.prepare('insert into notes (body) values (?)').run(['four']).lastInsertRowid).to.equal(4);
    });

    it('answers a fresh statement while the cached one is still being iterated', () => {
      connection.exec("insert into notes (body) values ('a'), ('b')");
      const sql = 'select body from notes order by id';
      const iterated = cache.prepare(sql);
      const rows = iterated.iterate([]);
      rows.next();
      const during = cache.prepare(sql);
      expect(during).to.not.equal(iterated);
      expect(during.all([])).to.deep.equal([{ body: 'a' }, { body: 'b' }]);
      rows.return?.();
      expect(cache.prepare(sql)).to.equal(iterated);
    });

    it('does not cache SQL that SQLite refuses', () => {
      expect(() => cache.prepare('select from nowhere')).to.throw();
      expect(cache.size).to.equal(0);
    });
  });

  describe('under Kysely', () => {
    it('runs queries, transactions and streams with reused statements', async () => {
      const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cache }) });
      for (let i = 0; i < 5; i++) {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('notes')
            .values({ body: `n${i}` })
            .execute();
        });
      }
      const byId = (id: number) => db.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirst();
      expect(await byId(2)).to.deep.equal({ body: 'n1' });
      expect(await byId(5)).to.deep.equal({ body: 'n4' });
      const streamed: string[] = [];
      for await (const row of db.selectFrom('notes').select('body').orderBy('id').stream()) streamed.push(row.body);
      expect(streamed).to.deep.equal(['n0', 'n1', 'n2', 'n3', 'n4']);
      // begin, insert, commit, select by id, the stream's select: more texts than the capacity of 3.
      expect(cache.size).to.equal(3);
      await db.destroy();
      expect(connection.open).to.equal(false);
    });
  });
});
