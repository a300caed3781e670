import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/client.ts';
import { getDebate } from '../../src/db/debates-repo.ts';
import { queryRows } from '../../src/db/pg-util.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { newDebate } from './fixtures.ts';

const TABLES = [
  'audit_log',
  'ballots',
  'broadcast_destinations',
  'command_results',
  'contributions',
  'debate_events',
  'debate_request_supports',
  'debate_requests',
  'debate_writers',
  'debates',
  'invitations',
  'notify_deliveries',
  'notify_subscriptions',
  'participants',
  'polls',
  'question_votes',
  'questions',
  'recordings',
  'rejoin_credentials',
  'revoked_links',
  'turns',
  'webhook_deliveries',
  'webhooks',
];

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
  entries: unknown[];
};

describe('openDatabase', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.cleanup());

  it('applies every migration and creates the tables', async () => {
    expect(database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(TABLES);
    const applied = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(applied[0]!.n).toBe(journal.entries.length);
    expect(journal.entries.length).toBeGreaterThan(0);
  });

  it('answers ping', async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('round-trips timestamptz and bigint columns on this driver', async () => {
    const d = await newDebate(database);
    const again = await getDebate(database, d.id);
    expect(again).toEqual(d);
    expect(Number.isNaN(Date.parse(d.createdAt))).toBe(false);
  });
});

describe('PGlite on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tribune-db-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps data in ${dataDir}/pglite across a restart, and migrating again is a no-op', async () => {
    const first = await openDatabase({ dataDir: dir });
    expect(first.kind).toBe('pglite');
    const d = await newDebate(first, 'Persistant');
    await first.close();
    await first.close();
    await expect(first.ping()).rejects.toThrow();

    const second = await openDatabase({ dataDir: dir });
    try {
      expect((await getDebate(second, d.id))?.title).toBe('Persistant');
      const applied = await queryRows<{ n: number }>(second.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(applied[0]!.n).toBe(journal.entries.length);
    } finally {
      await second.close();
    }
  });

  it('refuses to guess a location without dataDir', async () => {
    await expect(openDatabase({})).rejects.toThrow(/dataDir/);
  });
});

// Several app nodes starting at once against one PostgreSQL (docker-compose): only
// meaningful with a server, so it is registered for the PostgreSQL run only.
if (process.env.DATABASE_URL) {
  describe('PostgreSQL startup', () => {
    it('lets concurrent nodes migrate the same database safely', async () => {
      const { createTestDatabaseUrl } = await import('../helpers/pg.ts');
      const target = await createTestDatabaseUrl();
      try {
        const nodes = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: target.url, poolSize: 2 })));
        const applied = await queryRows<{ n: number }>(nodes[0]!.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        expect(applied[0]!.n).toBe(journal.entries.length);
        await Promise.all(nodes.map((n) => n.close()));
      } finally {
        await target.drop();
      }
    });
  });
}
