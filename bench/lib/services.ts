/** The services mode's backends for a bench run: a fresh MySQL database and an empty Redis database. */
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';

export async function resetServices(mysqlUrl: string, redisUrl: string): Promise<void> {
  await recreateDatabase(mysqlUrl);
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
}

/** Drops and creates the database the URL names (utf8mb4, binary collation, as the migrations expect). */
export async function recreateDatabase(mysqlUrl: string): Promise<void> {
  const url = new URL(mysqlUrl);
  const database = url.pathname.slice(1);
  if (!/^\w+$/.test(database)) throw new Error(`The MySQL URL must name a database: ${mysqlUrl}`);
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString() });
  await connection.query(`drop database if exists \`${database}\``);
  await connection.query(`create database \`${database}\` character set utf8mb4 collate utf8mb4_bin`);
  await connection.end();
}
