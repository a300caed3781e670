// Tells a database that is away (refused, dropped, restarting) from a query that is wrong.
// The first is the cluster's state, answered UNAVAILABLE with a retry hint so that clients
// retry; the second stays a bug (INTERNAL). Both drivers' shapes: postgres.js connection
// errors carry a code such as ECONNREFUSED or CONNECTION_CLOSED, the server's own refusals
// an SQLSTATE of class 08 (connection) or 57P (shutting down, starting up).
import { AppError, isAppError } from '../errors.ts';
import { pgErrorOf } from './pg-util.ts';

/** How long a client should wait before it tries again, in ms (error details). */
export const DB_RETRY_AFTER_MS = 1000;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

export function isDatabaseAway(err: unknown): boolean {
  const pg = pgErrorOf(err);
  if (pg) return pg.code.startsWith('08') || pg.code.startsWith('57P');
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The error to give a caller: UNAVAILABLE (with a retry hint) when the database is away. */
export function unavailableIfAway(err: unknown, what = 'The database'): unknown {
  if (isAppError(err) || !isDatabaseAway(err)) return err;
  return new AppError('UNAVAILABLE', `${what} is unavailable; try again shortly`, { retryAfterMs: DB_RETRY_AFTER_MS });
}
