/**
 * `npm run migrate`: brings the database named by the environment (MYSQL_URL, else the SQLite file
 * in DATA_DIR) to the latest schema, then exits. Safe to run while servers start: migrations lock.
 */
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config';
import { openSqlDatabase } from './store/sql/db';
import { migrateToLatest } from './store/sql/migrations';

async function main(): Promise<number> {
  if (existsSync('.env')) dotenv.config({ quiet: true });
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const logger = pino({ level: config.logLevel });
  const database = openSqlDatabase({ mysqlUrl: config.mysqlUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(database.db, logger);
    logger.info({ applied: applied.length, database: database.dialect }, 'database schema is up to date');
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'migration failed');
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
