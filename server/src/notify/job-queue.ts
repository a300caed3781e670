// The durable job queue: pg-boss 10 on the application's database (its own `pgboss`
// schema). Work that must outlive a process (mails, reminders, webhooks) goes here, never
// through setTimeout. On PostgreSQL pg-boss opens its own small pool on DATABASE_URL and
// its SKIP LOCKED fetch gives each job to one node; on PGlite it runs through the
// executeSql adapter (pglite-adapter.ts) in this process.
//
// Idempotent enqueue: `send(..., { key })` derives the job id from (name, key), and pg-boss
// inserts with ON CONFLICT DO NOTHING, so two nodes (or a restart) scheduling the same
// reminder create one job. Due time is the database's now() (pg-boss compares start_after
// with it); callers compute `startAfter` from the app clock.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { ExecuteSqlDb } from './pglite-adapter.ts';

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface SendOptions {
  /** When the job becomes due (absolute); default now. */
  startAfter?: Date;
  /** Idempotency key: the same (name, key) is enqueued at most once. */
  key?: string;
  /** Retries after the first attempt (default 5). */
  retryLimit?: number;
  /** First retry delay in seconds (default 30); doubled each retry with backoff. */
  retryDelaySeconds?: number;
  /** Exponential backoff with jitter (default true). */
  retryBackoff?: boolean;
  /** An attempt that runs longer is failed and retried (default 120 s). */
  expireInSeconds?: number;
}

export interface Job<T> {
  id: string;
  name: string;
  data: T;
  /** Attempts already failed before this one. */
  retryCount: number;
}

/** One job as the organizer sees it. */
export interface JobRecord {
  id: string;
  name: string;
  state: JobState;
  data: Record<string, unknown>;
  retryCount: number;
  retryLimit: number;
  startAfter: string;
  createdOn: string;
  completedOn: string | null;
  /** The last error message when it failed (why), else null. */
  error: string | null;
}

export interface WorkOptions {
  /** Pollers of this queue on this node (default 1). */
  concurrency?: number;
  /** Jobs fetched at once per poller, run in parallel (default 1). */
  batchSize?: number;
}

export interface JobQueue {
  readonly engine: 'postgres' | 'pglite';
  /** Enqueue; resolves to the job id, or null when `key` was already enqueued. */
  send<T extends object>(name: string, data: T, opts?: SendOptions): Promise<string | null>;
  /** Enqueue many in one statement (same options semantics, keys idempotent). */
  sendMany<T extends object>(name: string, items: readonly { data: T; opts?: SendOptions }[]): Promise<void>;
  /** Run `handler` for each due job of `name`; a throw fails the attempt (retried). */
  work<T extends object>(name: string, handler: (job: Job<T>) => Promise<void>, opts?: WorkOptions): Promise<void>;
  /** Jobs whose data has `debateId` (all queues, newest first, at most `limit`). */
  listByDebate(debateId: string, limit?: number): Promise<JobRecord[]>;
  /** One job by queue and id (also once archived), or null. */
  get(name: string, id: string): Promise<JobRecord | null>;
  /** Cancel jobs that have not run yet (e.g. reminders of a cancelled debate). */
  cancel(name: string, ids: string[]): Promise<void>;
  /** Stops the workers (letting running handlers finish) and the maintenance. Idempotent. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  /** PostgreSQL: pg-boss's own pool. */
  databaseUrl?: string;
  /** PGlite: the executeSql adapter. */
  db?: ExecuteSqlDb;
  /** How often an idle worker looks for due jobs (seconds, min 0.5; default 1). */
  pollingIntervalSeconds?: number;
  onError?: (err: Error) => void;
}

const SCHEMA = 'pgboss';
const DEFAULTS = { retryLimit: 5, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 120 } as const;

/** A UUID derived from (name, key): same key, same job id. */
export function jobIdFor(name: string, key: string): string {
  const h = createHash('sha256').update(`${name}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function openJobQueue(opts: JobQueueOptions): Promise<JobQueue> {
  if (!opts.databaseUrl && !opts.db) throw new Error('openJobQueue: databaseUrl or db is required');
  const polling = opts.pollingIntervalSeconds ?? 1;
  const boss = new PgBoss({
    ...(opts.databaseUrl ? { connectionString: opts.databaseUrl, max: 4 } : { db: opts.db as PgBoss.Db }),
    schema: SCHEMA,
    application_name: 'tribune-jobs',
    // Completed/failed jobs stay in the job table a week: the organizer's delivery state.
    archiveCompletedAfterSeconds: 7 * 86_400,
    archiveFailedAfterSeconds: 7 * 86_400,
    deleteAfterDays: 30,
    monitorStateIntervalSeconds: 60,
    maintenanceIntervalSeconds: 120,
    schedule: false,
  });
  boss.on('error', (err: Error) => opts.onError?.(err));
  await boss.start();
  const executeSql = async (text: string, values: unknown[]) =>
    (opts.db ? opts.db.executeSql(text, values) : boss.getDb().executeSql(text, values)) as Promise<{ rows: Row[] }>;

  const queues = new Map<string, Promise<void>>();
  const ensureQueue = (name: string) => {
    let p = queues.get(name);
    if (!p) {
      p = boss.createQueue(name).catch((err: unknown) => {
        queues.delete(name);
        throw err;
      });
      queues.set(name, p);
    }
    return p;
  };
  let stopped: Promise<void> | null = null;

  return {
    engine: opts.databaseUrl ? 'postgres' : 'pglite',
    async send(name, data, o = {}) {
      await ensureQueue(name);
      return boss.send(name, data, {
        ...(o.key ? { id: jobIdFor(name, o.key) } : {}),
        ...(o.startAfter ? { startAfter: o.startAfter } : {}),
        retryLimit: o.retryLimit ?? DEFAULTS.retryLimit,
        retryDelay: o.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
        retryBackoff: o.retryBackoff ?? DEFAULTS.retryBackoff,
        expireInSeconds: o.expireInSeconds ?? DEFAULTS.expireInSeconds,
      });
    },
    async sendMany(name, items) {
      await ensureQueue(name);
      for (let i = 0; i < items.length; i += 1000) {
        await boss.insert(
          items.slice(i, i + 1000).map(({ data, opts: o = {} }) => ({
            name,
            data,
            ...(o.key ? { id: jobIdFor(name, o.key) } : {}),
            ...(o.startAfter ? { startAfter: o.startAfter } : {}),
            retryLimit: o.retryLimit ?? DEFAULTS.retryLimit,
            retryDelay: o.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
            retryBackoff: o.retryBackoff ?? DEFAULTS.retryBackoff,
            expireInSeconds: o.expireInSeconds ?? DEFAULTS.expireInSeconds,
          })),
        );
      }
    },
    async work(name, handler, o = {}) {
      await ensureQueue(name);
      const batchSize = o.batchSize ?? 1;
      for (let i = 0; i < (o.concurrency ?? 1); i++) {
        let workerId: string | null = null;
        // Each job of a fetched batch settles on its own: a failed one is failed (and
        // retried) by id; pg-boss then completes only the jobs still active.
        workerId = await boss.work(name, { batchSize, pollingIntervalSeconds: polling, includeMetadata: true }, async (jobs) => {
          await Promise.all(
            jobs.map(async (j) => {
              try {
                await handler({ id: j.id, name: j.name, data: j.data as never, retryCount: j.retryCount });
              } catch (err) {
                await boss.fail(name, j.id, { message: (err as Error).message ?? String(err) });
              }
            }),
          );
          // A full batch means more are waiting: fetch again now instead of sleeping a poll.
          if (jobs.length === batchSize && workerId) boss.notifyWorker(workerId);
        });
      }
    },
    async listByDebate(debateId, limit = 500) {
      const { rows } = await executeSql(
        `SELECT ${COLUMNS} FROM ${SCHEMA}.job WHERE data->>'debateId' = $1
         UNION ALL SELECT ${COLUMNS} FROM ${SCHEMA}.archive WHERE data->>'debateId' = $1
         ORDER BY created_on DESC LIMIT $2`,
        [debateId, limit],
      );
      return rows.map(toRecord);
    },
    async get(name, id) {
      const { rows } = await executeSql(
        `SELECT ${COLUMNS} FROM ${SCHEMA}.job WHERE name = $1 AND id = $2
         UNION ALL SELECT ${COLUMNS} FROM ${SCHEMA}.archive WHERE name = $1 AND id = $2`,
        [name, id],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async cancel(name, ids) {
      if (ids.length > 0) await boss.cancel(name, ids);
    },
    stop() {
      stopped ??= boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      return stopped;
    },
  };
}

type Row = Record<string, unknown>;

const COLUMNS = 'id, name, state, data, retry_count, retry_limit, start_after, created_on, completed_on, output';

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

function toRecord(r: Row): JobRecord {
  const state = String(r.state) as JobState;
  const output = (typeof r.output === 'string' ? safeJson(r.output) : r.output) as { message?: unknown } | null;
  return {
    id: String(r.id),
    name: String(r.name),
    state,
    data: (typeof r.data === 'string' ? safeJson(r.data) : r.data) as Record<string, unknown>,
    retryCount: Number(r.retry_count),
    retryLimit: Number(r.retry_limit),
    startAfter: iso(r.start_after)!,
    createdOn: iso(r.created_on)!,
    completedOn: iso(r.completed_on),
    error: (state === 'failed' || state === 'retry') && output && typeof output.message === 'string' ? output.message : null,
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
