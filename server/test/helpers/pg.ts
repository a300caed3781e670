// A fresh PostgreSQL database per test app when DATABASE_URL is set (CI's PostgreSQL
// run): full isolation between test files running in parallel, dropped afterwards.
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';

/** A fresh database on `base` (default DATABASE_URL), dropped by `drop()`. */
export async function createTestDatabaseUrl(base = process.env.DATABASE_URL): Promise<{ url: string; drop(): Promise<void> }> {
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `tribune_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(base, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}
