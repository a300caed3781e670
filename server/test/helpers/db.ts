// A real, isolated database for one test file: a fresh PostgreSQL database
// `tribune_t_<random>` when DATABASE_URL is set (CI's PostgreSQL run), dropped on
// cleanup; otherwise PGlite in memory. Migrations are applied by openDatabase.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.ts';

export type TestDatabase = Database & { cleanup(): Promise<void> };

export async function openTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const database = await openDatabase({ inMemory: true });
    return { ...database, cleanup: () => database.close() };
  }
  const name = `tribune_t_${randomBytes(6).toString('hex')}`;
  await admin(base, (sql) => sql.unsafe(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url.toString() });
  } catch (err) {
    await admin(base, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw err;
  }
  return {
    ...database,
    async cleanup() {
      await database.close();
      await admin(base, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function admin(url: string, run: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await run(sql);
  } finally {
    await sql.end();
  }
}
