// A node that dies (kill -9) sends no disconnection: the owner of the debate notices its
// heartbeat is gone (LEASE_TTL_MS) and records away whoever had their sockets only there,
// since the node was last known alive. Node B is a real server process, killed for real.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_SECRET, TribuneNode } from '../../../load-tests/faults/nodes.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEASE_TTL_MS = 2_000;

const changeOf = (e: { payload: any }, id: string) => e.payload.changes.find((c: any) => c.participantId === id);

describe('presence when a node dies', () => {
  let a: TestApp;
  let b: TribuneNode;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabaseUrl(PG);
    const prefix = `pd${randomBytes(4).toString('hex')}`;
    a = await startTestApp({
      env: { DATABASE_URL: db.url, REDIS_URL: REDIS, REDIS_PREFIX: prefix, LEASE_TTL_MS: String(LEASE_TTL_MS), JWT_SECRET },
    });
    const root = mkdtempSync(joinPath(tmpdir(), 'tribune-node-death-'));
    b = await TribuneNode.create('b', { databaseUrl: db.url, redisUrl: REDIS, prefix, leaseTtlMs: LEASE_TTL_MS, repo: process.cwd(), root });
    await b.start();
  }, 120_000);
  afterAll(async () => {
    b?.kill9();
    await a?.close();
    await db?.drop();
  });

  it('the owner records away, within the heartbeat TTL, the people whose only node was killed', async () => {
    const { debateId, moderatorToken } = await liveDebate(a);
    const mod = await connect(a, moderatorToken);
    const bea = await join(a, debateId, { displayName: 'Bea' });
    let onB: TestClient | null = null;
    try {
      onB = await connect({ baseUrl: b.baseUrl } as TestApp, bea.token);
      const here = await mod.waitForEvent('presence:changed', (e) => changeOf(e, bea.participantId)?.connected === true);
      const lastAliveAtLeast = changeOf(here, bea.participantId).since;
      const killedAt = Date.now();
      b.kill9();
      const away = await mod.waitForEvent('presence:changed', (e) => changeOf(e, bea.participantId)?.connected === false, 60_000);
      const since = changeOf(away, bea.participantId).since;
      // Away since B was last known alive: not before she came, not after it was killed.
      expect(since).toBeGreaterThanOrEqual(lastAliveAtLeast);
      expect(since).toBeLessThanOrEqual(killedAt);
    } finally {
      mod.close();
      onB?.close();
    }
  }, 120_000);
});
