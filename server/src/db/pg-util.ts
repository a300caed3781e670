// Small helpers that hide the differences between the two drivers: the shape of a raw
// query result and the shape of a database error (drizzle wraps both in its own error).
import type { SQL } from 'drizzle-orm';
import type { Db } from './client.ts';

/** Rows of a raw `db.execute(sql)`: postgres-js returns an array, PGlite `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

export interface PgErrorInfo {
  /** SQLSTATE, e.g. 23505 for a unique violation. */
  code: string;
  constraint: string | undefined;
  message: string;
}

/** Finds the database error under drizzle's DrizzleQueryError (its `cause` chain). */
export function pgErrorOf(err: unknown): PgErrorInfo | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const o = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; message?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code)) {
      const constraint = o.constraint_name ?? o.constraint;
      return {
        code: o.code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        message: typeof o.message === 'string' ? o.message : String(o.code),
      };
    }
    e = o.cause;
  }
  return null;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(err);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}
