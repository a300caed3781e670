// Two Tribune nodes on one PostgreSQL database and one Redis (always the real services
// of the machine: several nodes cannot share an embedded PGlite). A debate has one
// owner; commands sent to the other node are forwarded to it, broadcasts reach the
// sockets of both nodes, and when the owner goes away the other node adopts the debate
// from the log, timers included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';
import { connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two nodes, one debate', () => {
  let a: TestApp;
  let b: TestApp;
  let db: { url: string; drop(): Promise<void> };
  const clients: TestClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabaseUrl(PG);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS,
      REDIS_PREFIX: `mn${randomBytes(4).toString('hex')}`,
      LEASE_TTL_MS: '1500',
    };
    a = await startTestApp({ env });
    b = await startTestApp({ env });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('forwards commands to the owner, fans out to both nodes, and fails over', async () => {
    // Created through node A: A owns it.
    const { debateId, moderatorToken } = await liveDebate(a, {
      modalities: { turn: { defaultSeconds: 30, warningSeconds: [], expiry: 'hard' } },
    });
    const mod = await connect(a, moderatorToken);
    const citizen = await join(b, debateId, { displayName: 'Bea' });
    const onB = await connect(b, citizen.token); // snapshot forwarded from A
    clients.push(mod, onB);
    expect(onB.snapshot.state.debate.status).toBe('live');
    expect(a.app.services.registry.loadedCount()).toBe(1);
    expect(b.app.services.registry.loadedCount()).toBe(0);

    // A command sent to B is decided on A; both nodes' sockets see the event.
    await onB.ok('queue:raise', { mode: 'oral' });
    await mod.waitForEvent('queue:raised');
    await onB.waitForEvent('queue:raised');
    expect(await onB.refused('queue:raise', { mode: 'oral' })).toBe('ALREADY_IN_QUEUE');

    // Votes through B, close on A: the count is exact.
    const { pollId } = await mod.ok('poll:create', {
      question: 'Ouvrir la séance au public ?',
      kind: 'single',
      options: ['Oui', 'Non'],
      anonymous: true,
      visibility: 'live',
      autoCloseSeconds: null,
      openNow: true,
    });
    const receipt = await onB.ok('poll:vote', { pollId, choices: [1] });
    expect(receipt.version).toBe(1);
    await mod.ok('poll:close', { pollId });
    const closed = await onB.waitForEvent('poll:closed');
    expect(closed.payload.results.counts).toEqual([0, 1]);

    // The floor is granted on A with a 2 s turn, then A goes away (graceful: lease released).
    await mod.ok('floor:grant', { seconds: 2 });
    mod.close();
    await a.stop();

    // B adopts the debate from the log; the turn still expires at its deadline.
    const mod2 = await connect(b, moderatorToken);
    clients.push(mod2);
    const expired = await mod2.waitFor(
      () => mod2.events.find((e) => e.type === 'floor:expired') ?? (mod2.snapshot.state.turns.turns[0]?.endReason === 'expired' ? { payload: mod2.snapshot.state.turns.turns[0] } : null),
      'the turn to expire on node B',
      10_000,
    );
    expect(expired.payload.spokenMs).toBe(2000);
    expect(b.app.services.registry.loadedCount()).toBe(1);

    const verify = await http(b, 'GET', `/api/debates/${debateId}/verify`);
    expect(verify.body.ok).toBe(true);
  });
});
