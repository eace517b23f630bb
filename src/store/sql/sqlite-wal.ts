/**
 * Turns on write-ahead logging. Switching a fresh file to WAL needs it alone, and SQLite answers
 * SQLITE_BUSY at once (no busy handler) while another process starting on the same file does the
 * same: wait a little and try again, as the busy timeout would.
 */
import type SqliteConnection from 'better-sqlite3';

const RETRY_MS = 50;
const GIVE_UP_AFTER_MS = 10_000;

export function enableWal(connection: SqliteConnection.Database): void {
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    try {
      connection.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      // Start-up only: blocking here is what the busy timeout does for every other statement.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_MS);
    }
  }
}
