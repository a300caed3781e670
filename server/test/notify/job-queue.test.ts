// The durable job queue on the engine the run targets (PGlite in memory, or a fresh
// PostgreSQL database with DATABASE_URL), then two queues on one PostgreSQL database
// (two nodes): each job runs once, failures are retried then marked failed with the
// reason, an idempotency key enqueues once, and a failing maintenance script does not
// leave PGlite's only session in an aborted transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { openJobQueue, type JobQueue } from '../../src/notify/job-queue.ts';
import { pgliteExecuteSql } from '../../src/notify/pglite-adapter.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';
import { until } from '../helpers/until.ts';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe(`job queue on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  let database: Database;
  let pg: { url: string; drop(): Promise<void> } | null = null;
  let jobs: JobQueue;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      pg = await createTestDatabaseUrl();
      database = await openDatabase({ databaseUrl: pg.url });
      jobs = await openJobQueue({ databaseUrl: pg.url, pollingIntervalSeconds: 0.5 });
    } else {
      database = await openDatabase({ inMemory: true });
      const client = (database.db as unknown as { $client: PGlite }).$client;
      jobs = await openJobQueue({ db: pgliteExecuteSql(client), pollingIntervalSeconds: 0.5 });
    }
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
    await pg?.drop();
  });

  it('runs a job, keeps its state, and enqueues a key once', async () => {
    const seen: string[] = [];
    await jobs.work<{ debateId: string; n: number }>('t-ok', async (job) => {
      seen.push(`${job.data.n}`);
    });
    const id = await jobs.send('t-ok', { debateId: 'd-1', n: 1 }, { key: 'once' });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await jobs.send('t-ok', { debateId: 'd-1', n: 2 }, { key: 'once' })).toBeNull();
    const done = await until('job completed', async () => {
      const r = await jobs.get('t-ok', id!);
      return r?.state === 'completed' && r;
    });
    expect(done.data).toEqual({ debateId: 'd-1', n: 1 });
    expect(seen).toEqual(['1']);
    const listed = await jobs.listByDebate('d-1');
    expect(listed.map((j) => [j.id, j.state])).toEqual([[id, 'completed']]);
    // drizzle still works on the shared session.
    await database.db.execute(sql`select 1`);
  });

  it('retries a failing job, then marks it failed with the reason', async () => {
    const attempts: number[] = [];
    await jobs.work<{ debateId: string }>('t-fail', async (job) => {
      attempts.push(job.retryCount);
      throw new Error(`smtp down (attempt ${job.retryCount + 1})`);
    });
    const id = await jobs.send('t-fail', { debateId: 'd-2' }, { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false });
    const failed = await until('job failed', async () => {
      const r = await jobs.get('t-fail', id!);
      return r?.state === 'failed' && r;
    }, 20_000);
    expect(attempts).toEqual([0, 1, 2]);
    expect(failed.error).toBe('smtp down (attempt 3)');
    expect(failed.retryCount).toBe(2);
  });

  it('does not run a job before its startAfter', async () => {
    const ran: string[] = [];
    await jobs.work<{ debateId: string; tag: string }>('t-later', async (job) => {
      ran.push(job.data.tag);
    });
    await jobs.send('t-later', { debateId: 'd-3', tag: 'later' }, { startAfter: new Date(Date.now() + 60 * 60_000) });
    const now = await jobs.send('t-later', { debateId: 'd-3', tag: 'now' });
    await until('due job ran', async () => (await jobs.get('t-later', now!))?.state === 'completed');
    // The due job ran after the later one was enqueued: one fetch would have taken both.
    expect(ran).toEqual(['now']);
    const states = (await jobs.listByDebate('d-3')).map((j) => j.state).sort();
    expect(states).toEqual(['completed', 'created']);
  });
});

describe('job queue on PostgreSQL, two nodes', () => {
  let db: { url: string; drop(): Promise<void> };
  let database: Database;
  const queues: JobQueue[] = [];

  beforeAll(async () => {
    db = await createTestDatabaseUrl(PG);
    database = await openDatabase({ databaseUrl: db.url });
    for (let i = 0; i < 2; i++) queues.push(await openJobQueue({ databaseUrl: db.url, pollingIntervalSeconds: 0.5 }));
  });
  afterAll(async () => {
    for (const q of queues) await q.stop();
    await database?.close();
    await db?.drop();
  });

  it('gives each job to one node, and one key to one job', async () => {
    const runs = new Map<number, string[]>();
    for (const [i, q] of queues.entries()) {
      await q.work<{ n: number }>('t-two', async (job) => {
        runs.set(job.data.n, [...(runs.get(job.data.n) ?? []), `node${i}`]);
      }, { concurrency: 2 });
    }
    // Both nodes schedule the same 20 jobs (as both would on an announcement).
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, k) => queues[k % 2]!.send('t-two', { n: k >> 1 }, { key: `job-${k >> 1}` })),
    );
    expect(ids.filter(Boolean)).toHaveLength(20);
    await until('20 jobs ran', () => runs.size === 20, 20_000);
    for (const nodes of runs.values()) expect(nodes).toHaveLength(1);
  });
});

describe('pg-boss executeSql adapter on PGlite', () => {
  it('rolls back a failing locked script instead of leaving the session aborted', async () => {
    const database = await openDatabase({ inMemory: true });
    try {
      const client = (database.db as unknown as { $client: PGlite }).$client;
      const db = pgliteExecuteSql(client);
      await expect(db.executeSql('BEGIN;\n SELECT pg_advisory_xact_lock(7);\n SELECT 1/0;\n COMMIT;')).rejects.toThrow(/division by zero/);
      expect((await db.executeSql('SELECT $1::int + 1 AS x', [1])).rows).toEqual([{ x: 2 }]);
      expect((await db.executeSql('BEGIN; SELECT pg_advisory_xact_lock(7); SELECT 3 AS y; COMMIT;')).rows).toEqual([{ y: 3 }]);
    } finally {
      await database.close();
    }
  });
});
