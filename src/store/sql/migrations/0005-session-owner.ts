/**
 * Session owners (December 2026): each session row names its signed-in user, so the account page
 * can list a user's sessions and a password change can end the others. Rows saved before this
 * migration get their owner from the session data they hold.
 */
import { MysqlAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  await db.schema.alterTable('sessions').addColumn('user_id', 'varchar(32)').execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  // Malformed rows are skipped (JSON_EXTRACT would fail on them); the store answers them as no session anyway.
  await (
    mysql
      ? sql`update sessions set user_id = JSON_UNQUOTE(JSON_EXTRACT(data, '$.userId')) where JSON_VALID(data)`
      : sql`update sessions set user_id = json_extract(data, '$.userId') where json_valid(data)`
  ).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_user_idx').on('sessions').execute();
  await db.schema.alterTable('sessions').dropColumn('user_id').execute();
}
