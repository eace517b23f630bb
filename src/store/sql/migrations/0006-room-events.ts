/**
 * Room events (issue 14): joins, invitations and leaves, kept as history beside the messages but
 * in a table of their own, so message ids, unread counts and `lastMessage` never count them.
 * `after_message_id` is the channel's newest message id when the event happened (0 before any):
 * it places the event between messages, and pages of history find theirs by it, from the index.
 */
import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  const table = <T extends string>(builder: CreateTableBuilder<T>) =>
    mysql ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;
  await table(db.schema.createTable('room_events'))
    .addColumn('id', mysql ? 'bigint' : 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('channel_id', 'bigint', (col) => col.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('actor_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('target_id', 'bigint', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('after_message_id', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('room_events_place_idx')
    .on('room_events')
    .columns(['channel_id', 'after_message_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('room_events').ifExists().execute();
}
