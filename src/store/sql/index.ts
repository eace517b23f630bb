/** The SQL half of the stores: one database (MySQL or SQLite), its migrations, stores and sessions. */
import type { Logger } from 'pino';
import type { AttachmentStore, ChannelStore, MessageStore, RoomEventStore, UserStore } from '../../chat/ports';
import { guardStore, type FailureListener } from '../guard';
import { SqlAttachmentStore } from './attachment-store';
import { SqlChannelStore } from './channel-store';
import { openSqlDatabase, type SqlDatabase } from './db';
import { translateSqlError } from './errors';
import { SqlMessageStore } from './message-store';
import { MessageTermIndexer } from './message-term-indexer';
import { SqlRoomEventStore } from './room-event-store';
import { migrateToLatest } from './migrations';
import { SqlSessionStore } from './session-store';
import { SqlUserStore } from './user-store';

export type SqlStores = {
  database: SqlDatabase;
  users: UserStore;
  channels: ChannelStore;
  messages: MessageStore;
  attachments: AttachmentStore;
  roomEvents: RoomEventStore;
  /** Throws StoreUnavailableError when the database does not answer. */
  check(): Promise<void>;
  createSessionStore(): SqlSessionStore;
  close(): Promise<void>;
};

export async function createSqlStores(options: {
  mysqlUrl?: string;
  dataDir: string;
  logger: Logger;
  migrate: boolean;
  /** Told of every failed store call (metrics). */
  onFailure?: FailureListener;
}): Promise<SqlStores> {
  const guard = <T extends object>(store: T) => guardStore(store, translateSqlError, options.onFailure);
  const database = openSqlDatabase(options);
  const { db, dialect } = database;
  try {
    if (options.migrate) await migrateToLatest(db, options.logger);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  // MySQL's word index is written behind the sends; SQLite's FTS5 by triggers in them.
  const indexer = dialect === 'mysql' ? new MessageTermIndexer(db, options.logger) : undefined;
  return {
    database,
    users: guard(new SqlUserStore(db)),
    channels: guard(new SqlChannelStore(db)),
    messages: guard(new SqlMessageStore(db, dialect, () => indexer?.wake())),
    attachments: guard(new SqlAttachmentStore(db)),
    roomEvents: guard(new SqlRoomEventStore(db)),
    async check() {
      try {
        await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
      } catch (error) {
        throw translateSqlError(error);
      }
    },
    createSessionStore: () => new SqlSessionStore({ db, dialect, logger: options.logger }),
    async close() {
      await indexer?.close();
      await database.close();
    },
  };
}
