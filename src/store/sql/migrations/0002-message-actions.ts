/**
 * Message actions (December 2026): edits, tombstones and replies as columns of `messages`;
 * reactions and mentions in their own tables, indexed by message so a page loads them in one
 * query each, and mentions also by (user, channel, message) to count a member's unread mentions.
 */
import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

function isMysql(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = isMysql(db);
  const table = <T extends string>(builder: CreateTableBuilder<T>) =>
    mysql ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;
  const idType = mysql ? 'bigint' : 'integer';

  await db.schema.alterTable('messages').addColumn('edited_at', 'bigint').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('messages').addColumn('reply_to_id', 'bigint').execute();

  await table(db.schema.createTable('message_reactions'))
    .addColumn('id', idType, (col) => col.primaryKey().autoIncrement())
    .addColumn('message_id', 'bigint', (col) => col.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // Binary collation (table default): distinct emoji sequences stay distinct.
    .addColumn('emoji', 'varchar(64)', (col) => col.notNull())
    .addUniqueConstraint('message_reactions_uq', ['message_id', 'emoji', 'user_id'])
    .execute();

  await table(db.schema.createTable('message_mentions'))
    .addColumn('message_id', 'bigint', (col) => col.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('channel_id', 'bigint', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('message_mentions_pk', ['message_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('message_mentions_unread_idx')
    .on('message_mentions')
    .columns(['user_id', 'channel_id', 'message_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_mentions').ifExists().execute();
  await db.schema.dropTable('message_reactions').ifExists().execute();
  for (const column of ['reply_to_id', 'deleted', 'edited_at']) {
    await db.schema.alterTable('messages').dropColumn(column).execute();
  }
}
