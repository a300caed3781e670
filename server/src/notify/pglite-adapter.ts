// pg-boss's `db: { executeSql }` adapter over the embedded PGlite (one WebAssembly
// session shared with drizzle). What pg-boss sends, read from node_modules/pg-boss/src:
// - single statements with $n parameters (send, fetch, complete, fail...): PGlite `query`;
// - multi-statement scripts without parameters (install/migrate, maintenance), wrapped by
//   plans.locked() as `BEGIN; SET LOCAL ...; SELECT pg_advisory_xact_lock(...); ...; COMMIT;`.
//   PGlite's `exec` runs them, but an error inside leaves the only session in an aborted
//   transaction that breaks every later drizzle query (measured). So the explicit
//   BEGIN/COMMIT are stripped and the body runs inside PGlite's `transaction()`, which
//   holds PGlite's lock for the whole script and rolls back on error.
// Advisory locks work on PGlite (single session: they never contend), SKIP LOCKED too.
import type { PGlite } from '@electric-sql/pglite';

export interface ExecuteSqlDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

const WRAPPED = /^\s*BEGIN\s*;([\s\S]*?);?\s*COMMIT\s*;?\s*$/i;

export function pgliteExecuteSql(client: PGlite): ExecuteSqlDb {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const r = await client.query(text, values as unknown[]);
        return { rows: r.rows as unknown[] };
      }
      const body = WRAPPED.exec(text)?.[1];
      const results = body !== undefined
        ? await client.transaction((tx) => tx.exec(body))
        : await client.exec(text);
      // pg-boss reads the rows of the last statement that returned any (e.g. countStates).
      const last = [...results].reverse().find((r) => r.rows.length > 0) ?? results[results.length - 1];
      return { rows: (last?.rows ?? []) as unknown[] };
    },
  };
}
