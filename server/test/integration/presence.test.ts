// Presence from the sockets: a participant is connected while any of their sockets is
// (two tabs are one presence), away from the moment the last one leaves, and "next"
// passes over whoever is away longer than PRESENCE_GRACE_MS, saying whom (driven by a
// FakeClock: no sleeps). With two nodes, the owner knows about sockets on the other node.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';
import { connect, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { until } from '../helpers/until.ts';

const GRACE_MS = 20_000;

const changeOf = (e: { payload: any }, id: string) => e.payload.changes.find((c: any) => c.participantId === id);
const presenceOf = async (c: TestClient, id: string, connected: boolean) => {
  const e = await c.waitForEvent('presence:changed', (x) => changeOf(x, id)?.connected === connected);
  return changeOf(e, id);
};

describe('presence and "next"', () => {
  let t: TestApp;
  const clock = new FakeClock(Date.now());
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { PRESENCE_GRACE_MS: String(GRACE_MS) } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('two tabs are one presence; "next" skips the absent and says so; the moderator can still name them', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    const camille = await join(t, debateId, { displayName: 'Camille' });
    const dominique = await join(t, debateId, { displayName: 'Dominique' });
    const tab1 = await connect(t, camille.token);
    await presenceOf(mod, camille.participantId, true);
    const tab2 = await connect(t, camille.token);
    const dom = await connect(t, dominique.token);
    try {
      await presenceOf(mod, dominique.participantId, true);
      await tab1.ok('queue:raise', { mode: 'oral' });
      await dom.ok('queue:raise', { mode: 'oral' });
      // One tab closes: still there.
      tab1.close();
      const seen = mod.events.length;
      await dom.ok('queue:lower', {});
      await dom.ok('queue:raise', { mode: 'oral' });
      expect(mod.events.slice(seen).filter((e) => e.type === 'presence:changed' && changeOf(e, camille.participantId))).toEqual([]);
      // Citizens are not told who else is online.
      expect(dom.events.filter((e) => e.type === 'presence:changed').every((e) => e.payload.changes.length === 0)).toBe(true);
      expect(Object.keys(dom.snapshot.state.turns.presence)).toEqual([]);
      // The last tab closes: away since now.
      const leftAt = clock.now();
      tab2.close();
      const away = await presenceOf(mod, camille.participantId, false);
      expect(away).toMatchObject({ name: 'Camille', role: 'participant', since: leftAt });
      const snap = await mod.ok('state:resync', {});
      expect(snap.state.turns.presence[camille.participantId]).toEqual({ name: 'Camille', role: 'participant', connected: false, since: leftAt });

      clock.advance(GRACE_MS + 1);
      const result = await mod.ok('floor:grant', {});
      expect(result.events.map((e: any) => e.type)).toEqual(['queue:skipped', 'floor:granted']);
      const skipped = await mod.waitForEvent('queue:skipped');
      expect(skipped.payload).toEqual({ skipped: [{ participantId: camille.participantId, name: 'Camille', awaySince: leftAt }], graceMs: GRACE_MS });
      expect((await mod.waitForEvent('floor:granted')).payload.participantId).toBe(dominique.participantId);
      await mod.ok('floor:end', {});
      // She keeps her place, and can be given the floor by name.
      const named = await mod.ok('floor:grant', { participantId: camille.participantId });
      expect(named.events.map((e: any) => e.type)).toEqual(['floor:granted']);
    } finally {
      for (const c of [mod, tab1, tab2, dom]) c.close();
    }
  });
});

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('presence across two nodes', () => {
  let a: TestApp;
  let b: TestApp;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabaseUrl(PG);
    const env = { DATABASE_URL: db.url, REDIS_URL: REDIS, REDIS_PREFIX: `pr${randomBytes(4).toString('hex')}` };
    a = await startTestApp({ env });
    b = await startTestApp({ env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it("the owner counts the participant's sockets on the other node", async () => {
    const { debateId, moderatorToken } = await liveDebate(a);
    const mod = await connect(a, moderatorToken);
    const bea = await join(b, debateId, { displayName: 'Bea' });
    const onB = await connect(b, bea.token);
    const onA = await connect(a, bea.token);
    try {
      expect(b.app.services.registry.loadedCount()).toBe(0);
      await presenceOf(mod, bea.participantId, true);
      // Her socket on A leaves: the one on B still counts (asked across nodes by A).
      onA.close();
      await until('her socket on A gone', async () => (await a.app.io.in(`d:${debateId}:p:${bea.participantId}`).local.fetchSockets()).length === 0);
      // A check queued after the one the disconnection asked for: it counts B's socket too.
      const live = await a.app.services.registry.get(debateId);
      await live.presence(bea.participantId, 'Bea', 'participant');
      expect(live.state.turns.presence[bea.participantId]!.connected).toBe(true);
      expect(mod.events.filter((e) => e.type === 'presence:changed' && changeOf(e, bea.participantId)?.connected === false)).toEqual([]);
      // The socket on B leaves: the owner on A records her away.
      onB.close();
      await presenceOf(mod, bea.participantId, false);
      // Back on B: connected again.
      const again = await connect(b, bea.token);
      await mod.waitFor(() => mod.events.filter((e) => e.type === 'presence:changed' && changeOf(e, bea.participantId)).length === 3, 'back');
      again.close();
    } finally {
      mod.close();
      onA.close();
      onB.close();
    }
  });
});
