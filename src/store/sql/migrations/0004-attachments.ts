/**
 * Attachments (December 2026): the files people upload, kept in the database so that every process
 * serves what any one of them received. `attachments` holds one row per upload (`size` null while
 * its bytes are still arriving; `message_id` null until it is posted); `attachment_chunks` holds
 * the bytes in fixed-size pieces, so neither an upload nor a download ever needs the whole file in
 * memory or one packet larger than a chunk.
 */
import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

function isMysql(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = isMysql(db);
  const table = <T extends string>(builder: CreateTableBuilder<T>) =>
    mysql ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;

  await table(db.schema.createTable('attachments'))
    // A random id (not a counter): ids of other people's files cannot be guessed in order.
    .addColumn('id', 'varchar(32)', (col) => col.primaryKey())
    .addColumn('uploader_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (col) => col.notNull())
    .addColumn('type', 'varchar(100)', (col) => col.notNull())
    .addColumn('size', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('message_id', 'bigint', (col) => col.references('messages.id').onDelete('cascade'))
    .addColumn('channel_id', 'bigint')
    .addColumn('position', 'integer')
    .execute();
  // Batch loading by message; the sweeper's scan of old unposted uploads.
  await db.schema.createIndex('attachments_message_idx').on('attachments').columns(['message_id', 'position']).execute();
  await db.schema.createIndex('attachments_created_idx').on('attachments').columns(['created_at']).execute();

  await table(db.schema.createTable('attachment_chunks'))
    .addColumn('attachment_id', 'varchar(32)', (col) => col.notNull().references('attachments.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    // MEDIUMBLOB: up to 16 MB a row (BLOB stops at 64 KB); chunks are far smaller.
    .addColumn('data', mysql ? sql`mediumblob` : 'blob', (col) => col.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pk', ['attachment_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachment_chunks').ifExists().execute();
  await db.schema.dropTable('attachments').ifExists().execute();
}
