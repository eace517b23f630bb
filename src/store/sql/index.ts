/** The SQL half of the stores: one database (MySQL or SQLite), its migrations, stores and sessions. */
import type { Logger } from 'pino';
import type { AttachmentStore, ChannelStore, MessageStore, RoomEventStore, UserStore } from '../../chat/ports';
import { guardStore } from '../guard';
import { SqlAttachmentStore } from './attachment-store';
import { SqlChannelStore } from './channel-store';
import { openSqlDatabase, type SqlDatabase } from './db';
import { translateSqlError } from './errors';
import { SqlMessageStore } from './message-store';
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
}): Promise<SqlStores> {
  const database = openSqlDatabase(options);
  const { db, dialect } = database;
  try {
    if (options.migrate) await migrateToLatest(db, options.logger);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return {
    database,
    users: guardStore(new SqlUserStore(db), translateSqlError),
    channels: guardStore(new SqlChannelStore(db), translateSqlError),
    messages: guardStore(new SqlMessageStore(db, dialect), translateSqlError),
    attachments: guardStore(new SqlAttachmentStore(db), translateSqlError),
    roomEvents: guardStore(new SqlRoomEventStore(db), translateSqlError),
    async check() {
      try {
        await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
      } catch (error) {
        throw translateSqlError(error);
      }
    },
    createSessionStore: () => new SqlSessionStore({ db, dialect, logger: options.logger }),
    close: () => database.close(),
  };
}
