/** Migrations: idempotent, and safe when several processes start at once (SQLite file, fresh MySQL database). */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { sql } from 'kysely';
import { createConnection } from 'mysql2/promise';
import { openSqlDatabase, type SqlDatabaseOptions } from '../../src/store/sql/db';
import { migrateToLatest } from '../../src/store/sql/migrations';

/** How many migrations the code ships (src/store/sql/migrations/index.ts). */
const MIGRATION_COUNT = 8;
import { MYSQL_URL, openStores, scratchMysqlUrl, temporaryDir } from './support';

const MIGRATE_AT = path.join(import.meta.dirname, 'fixtures', 'migrate-at.ts');

/** Opens the database directly and answers how many `everyone` channels and applied migrations it holds. */
async function census(options: SqlDatabaseOptions): Promise<{ everyone: number; migrations: number; again: string[] }> {
  const database = openSqlDatabase(options);
  try {
    const everyone = await database.db.selectFrom('channels').select('id').where('kind', '=', 'everyone').execute();
    const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(database.db);
    const again = await migrateToLatest(database.db);
    return { everyone: everyone.length, migrations: migrations.rows.length, again };
  } finally {
    await database.close();
  }
}

describe('migrations', () => {
  it('run once when three processes migrate a fresh SQLite file at the same instant', async function () {
    this.timeout(60_000);
    const folder = temporaryDir();
    try {
      const startAt = Date.now() + 3000; // after every process has loaded
      const exits = await Promise.all(
        [1, 2, 3].map(
          () =>
            new Promise<number | null>((resolve) => {
              const child = spawn(process.execPath, ['--import', 'tsx', MIGRATE_AT, String(startAt)], {
                env: { ...process.env, DATA_DIR: folder.dir },
                stdio: 'inherit',
              });
              child.on('exit', resolve);
            }),
        ),
      );
      expect(exits).to.deep.equal([0, 0, 0]);
      expect(await census({ dataDir: folder.dir })).to.deep.equal({ everyone: 1, migrations: MIGRATION_COUNT, again: [] });
      const stores = await openStores({ dataDir: folder.dir });
      await stores.checks.db();
      await stores.close();
    } finally {
      folder.remove();
    }
  });

  it('run from `npm run migrate` (src/migrate.ts) with DATA_DIR, and again with nothing to do', function () {
    this.timeout(60_000);
    const folder = temporaryDir();
    try {
      const env = { ...process.env, DATA_DIR: folder.dir, MYSQL_URL: '', LOG_LEVEL: 'silent' };
      const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'src/migrate.ts'], { env, encoding: 'utf8' });
      expect(run().status).to.equal(0);
      expect(existsSync(path.join(folder.dir, 'chat.sqlite'))).to.equal(true);
      expect(run().status).to.equal(0);
    } finally {
      folder.remove();
    }
  });

  if (MYSQL_URL) {
    const baseUrl = MYSQL_URL;
    it('run once when two processes start on a fresh MySQL database at the same time', async function () {
      const scratch = await scratchMysqlUrl(baseUrl);
      try {
        if (scratch.url === baseUrl) this.skip(); // no right to create databases here: nothing fresh to test
        const both = await Promise.all([openStores({ mysqlUrl: scratch.url }), openStores({ mysqlUrl: scratch.url })]);
        await Promise.all(both.map((stores) => stores.close()));
        expect(await census({ mysqlUrl: scratch.url, dataDir: ':memory:' })).to.deep.equal({
          everyone: 1,
          migrations: MIGRATION_COUNT,
          again: [],
        });
        const database = new URL(scratch.url).pathname.slice(1);
        const admin = await createConnection(baseUrl);
        const [tables] = await admin.query(
          'select table_name as name, engine, table_collation as collation from information_schema.tables where table_schema = ?',
          [database],
        );
        await admin.end();
        // The select above names exactly these three columns.
        const own = (tables as { name: string; engine: string; collation: string }[]).filter(
          (t) => !t.name.startsWith('kysely_'),
        );
        expect(own.map((t) => t.name).sort()).to.deep.equal([
          'attachment_chunks',
          'attachments',
          'channel_members',
          'channels',
          'message_mentions',
          'message_reactions',
          'message_terms',
          'message_terms_pending',
          'messages',
          'room_events',
          'sessions',
          'users',
        ]);
        for (const table of own) expect(table, table.name).to.include({ engine: 'InnoDB', collation: 'utf8mb4_bin' });
      } finally {
        await scratch.drop();
      }
    });
  }
});
