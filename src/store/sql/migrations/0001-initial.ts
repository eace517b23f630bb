/**
 * The whole schema of the contract: users, channels (with the one `everyone` row), members with
 * read positions, messages keyed for keyset paging, and sessions. Migrations never import the
 * current table types: they describe the schema as it was when they were written.
 */
import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

function isMysql(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = isMysql(db);
  // Binary collation: comparisons behave as in SQLite; case-insensitive keys are lower-cased by us.
  const table = <T extends string>(builder: CreateTableBuilder<T>) =>
    mysql ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;
  // SQLite only auto-increments an INTEGER PRIMARY KEY; AUTOINCREMENT keeps ids from ever being reused.
  const idType = mysql ? 'bigint' : 'integer';

  await table(db.schema.createTable('users'))
    .addColumn('id', idType, (col) => col.primaryKey().autoIncrement())
    .addColumn('username', 'varchar(64)', (col) => col.notNull())
    .addColumn('username_key', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('nickname', 'varchar(255)')
    .addColumn('password_hash', 'varchar(255)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint')
    .execute();

  await table(db.schema.createTable('channels'))
    .addColumn('id', idType, (col) => col.primaryKey().autoIncrement())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('name', 'varchar(255)')
    .addColumn('name_key', 'varchar(255)', (col) => col.unique())
    .addColumn('is_private', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('direct_key', 'varchar(64)', (col) => col.unique())
    .addColumn('user_a', 'bigint', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('user_b', 'bigint', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'bigint', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await table(db.schema.createTable('channel_members'))
    .addColumn('channel_id', 'bigint', (col) => col.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('last_read_id', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('joined_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema.createIndex('channel_members_user_idx').on('channel_members').column('user_id').execute();

  await table(db.schema.createTable('messages'))
    .addColumn('id', idType, (col) => col.primaryKey().autoIncrement())
    .addColumn('channel_id', 'bigint', (col) => col.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('sender_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('client_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('messages_client_id_uq', ['channel_id', 'sender_id', 'client_id'])
    .execute();
  // Keyset paging: every page is a range scan of (channel_id, id), whatever the channel's size.
  await db.schema.createIndex('messages_channel_id_idx').on('messages').columns(['channel_id', 'id']).execute();

  await table(db.schema.createTable('sessions'))
    .addColumn('sid', 'varchar(255)', (col) => col.primaryKey())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await sql`insert into channels (kind, is_private, created_at) values ('everyone', 0, ${Date.now()})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['sessions', 'messages', 'channel_members', 'channels', 'users']) {
    await db.schema.dropTable(name).ifExists().execute();
  }
}
