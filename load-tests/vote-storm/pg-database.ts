// A throwaway PostgreSQL database for one benchmark run: created fresh as
// tribune_bench_<timestamp> and dropped (forcibly, the server may still hold
// connections) when the run ends, whatever the outcome.
import postgres from 'postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `tribune_bench_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 10, idle_timeout: 5, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const sql = postgres(adminUrl, { max: 1, connect_timeout: 10, idle_timeout: 5, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
