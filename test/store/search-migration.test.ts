/**
 * Migration 0003 on a database that already holds messages: they are indexed (SQLite's FTS5
 * `rebuild`, InnoDB's index build), so search finds what was written before the upgrade.
 */
import { expect } from 'chai';
import { Migrator, sql, type Migration } from 'kysely';
import { searchWords } from '../../src/shared';
import { openSqlDatabase, type SqlDatabaseOptions } from '../../src/store/sql/db';
import * as initial from '../../src/store/sql/migrations/0001-initial';
import * as messageActions from '../../src/store/sql/migrations/0002-message-actions';
import { MYSQL_URL, openStores, scratchMysqlUrl, temporaryDir } from './support';

const BEFORE_SEARCH: Record<string, Migration> = { '0001-initial': initial, '0002-message-actions': messageActions };

async function writeBeforeSearch(options: SqlDatabaseOptions): Promise<void> {
  const database = openSqlDatabase(options);
  try {
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => BEFORE_SEARCH } });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
    const now = Date.now();
    await sql`insert into users (username, username_key, password_hash, created_at) values ('olduser', 'olduser', 'x', ${now})`.execute(
      database.db,
    );
    const user = await database.db
      .selectFrom('users')
      .select('id')
      .where('username_key', '=', 'olduser')
      .executeTakeFirstOrThrow();
    const everyone = await database.db
      .selectFrom('channels')
      .select('id')
      .where('kind', '=', 'everyone')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('channel_members')
      .values({ channel_id: Number(everyone.id), user_id: Number(user.id), last_read_id: 0, joined_at: now })
      .execute();
    await database.db
      .insertInto('messages')
      .values([
        {
          channel_id: Number(everyone.id),
          sender_id: Number(user.id),
          text: 'Written before the upgrade: Ärger',
          created_at: now,
        },
        { channel_id: Number(everyone.id), sender_id: Number(user.id), text: 'another one', created_at: now },
      ])
      .execute();
  } finally {
    await database.close();
  }
}

async function expectFoundAfterUpgrade(options: { dataDir: string; mysqlUrl?: string }): Promise<void> {
  await writeBeforeSearch(options);
  const stores = await openStores(options);
  try {
    const user = await stores.users.findByUsername('olduser');
    if (!user) throw new Error('the user written before the upgrade is missing');
    const found = await stores.messages.search({ userId: user.id, words: searchWords('UPGRADE ärg'), limit: 20 });
    expect(found.messages.map((message) => message.text)).to.deep.equal(['Written before the upgrade: Ärger']);
  } finally {
    await stores.close();
  }
}

describe('migration 0003 (message search) on existing messages', () => {
  it('indexes the messages of an SQLite file written before it', async function () {
    this.timeout(20_000);
    const folder = temporaryDir();
    try {
      await expectFoundAfterUpgrade({ dataDir: folder.dir });
    } finally {
      folder.remove();
    }
  });

  if (MYSQL_URL) {
    const baseUrl = MYSQL_URL;
    it('indexes the messages of a MySQL database written before it', async function () {
      this.timeout(30_000);
      const scratch = await scratchMysqlUrl(baseUrl);
      try {
        await expectFoundAfterUpgrade({ dataDir: ':memory:', mysqlUrl: scratch.url });
      } finally {
        await scratch.drop();
      }
    });
  }
});
