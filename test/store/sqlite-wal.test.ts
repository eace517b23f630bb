/** enableWal: a busy file (another process switching it to WAL at start-up) is waited for, not fatal. */
import { expect } from 'chai';
import type SqliteConnection from 'better-sqlite3';
import { enableWal } from '../../src/store/sql/sqlite-wal';

/** A connection whose pragma fails with `errors` in turn, then succeeds. */
function connectionFailingWith(errors: Error[]): { connection: SqliteConnection.Database; calls: () => number } {
  let calls = 0;
  const connection = {
    pragma(statement: string) {
      calls += 1;
      expect(statement).to.equal('journal_mode = WAL');
      const error = errors.shift();
      if (error) throw error;
      return [{ journal_mode: 'wal' }];
    },
  } as unknown as SqliteConnection.Database; // only pragma is used
  return { connection, calls: () => calls };
}

function sqliteError(code: string): Error {
  return Object.assign(new Error('database is locked'), { code });
}

describe('enableWal', () => {
  it('tries again while the file is busy, then switches', () => {
    const { connection, calls } = connectionFailingWith([sqliteError('SQLITE_BUSY'), sqliteError('SQLITE_BUSY')]);
    enableWal(connection);
    expect(calls()).to.equal(3);
  });

  it('throws any other error at once', () => {
    const { connection, calls } = connectionFailingWith([sqliteError('SQLITE_CORRUPT')]);
    expect(() => enableWal(connection)).to.throw('database is locked');
    expect(calls()).to.equal(1);
  });
});
