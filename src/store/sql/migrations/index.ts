/**
 * Versioned migrations, in code (no file-system scan, so they work however the app is bundled).
 * Kysely's Migrator records what ran and holds a lock while migrating, so concurrent starts are
 * safe: the second process waits, then finds nothing left to do.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../../../chat/errors';
import { isConnectionError, isRetryableConflict } from '../errors';
import * as initial from './0001-initial';
import * as messageActions from './0002-message-actions';
import * as messageSearch from './0003-message-search';
import * as attachments from './0004-attachments';
import * as sessionOwner from './0005-session-owner';
import * as roomEvents from './0006-room-events';
import * as messageTerms from './0007-message-terms';
import * as messageTermsPending from './0008-message-terms-pending';

/** In order; names sort in the order they must run. Never edit one that has shipped: add another. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-message-actions': messageActions,
  '0003-message-search': messageSearch,
  '0004-attachments': attachments,
  '0005-session-owner': sessionOwner,
  '0006-room-events': roomEvents,
  '0007-message-terms': messageTerms,
  '0008-message-terms-pending': messageTermsPending,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

const ATTEMPTS = 5;

/** Brings the schema to the latest version; throws when a migration fails. Returns the names applied. */
export async function migrateToLatest<T>(db: Kysely<T>, logger?: Logger): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  for (let attempt = 1; ; attempt++) {
    const { error, results = [] } = await migrator.migrateToLatest();
    for (const result of results) {
      if (result.status === 'Success') logger?.info({ migration: result.migrationName }, 'migration applied');
      if (result.status === 'Error') logger?.error({ migration: result.migrationName }, 'migration failed');
    }
    if (!error) return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
    // SQLite has no lock between processes: a concurrent start may see SQLITE_BUSY. Run again.
    if (isRetryableConflict(error) && attempt < ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      continue;
    }
    if (isConnectionError(error)) throw new StoreUnavailableError('The database is unavailable', { cause: error });
    throw new Error('Database migration failed', { cause: error });
  }
}
