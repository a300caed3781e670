// Fenced ownership on the real database (PGlite, or PostgreSQL with DATABASE_URL) and, with
// REDIS_URL, real Redis leases: two registries in one process stand for two nodes. A node
// whose writer epoch was taken over appends nothing; its copy drops itself and the call
// runs again on a fresh copy (no CONFLICT reaches the caller); concurrent calls share one
// load (one epoch taken).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { systemClock } from '../../src/clock.ts';
import { isAppError } from '../../src/errors.ts';
import { ModalitiesSchema } from '../../src/protocol/modalities.ts';
import type { Actor } from '../../src/domain/types.ts';
import { createEventStore, type EventStore } from '../../src/db/event-store.ts';
import { createWriterFence, takeWriterEpoch } from '../../src/db/writer-fence.ts';
import { COMMAND_OPTIONS } from '../../src/bus/redis.ts';
import { RedisOwnership, redisLeaseStore, type LeaseStore, type RenewOutcome } from '../../src/bus/ownership.ts';
import type { BallotBox } from '../../src/live/ports.ts';
import { DebateRegistry } from '../../src/live/registry.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { newDebate } from '../db/fixtures.ts';

const ADMIN: Actor = { kind: 'admin' };
const ANA: Actor = { kind: 'participant', id: 'ana', role: 'participant', name: 'Ana' };
const modalities = ModalitiesSchema.parse({
  format: 'online',
  scheduledStart: '2026-12-01T18:00:00Z',
  plannedDurationMinutes: 60,
  interventionModes: ['oral', 'written'],
});
const noBallots: BallotBox = {
  submit: async () => ({ receipt: 'r', version: 1 }),
  flush: async () => {},
  count: async () => ({ total: 0, byChoice: {} }),
  load: async () => [],
  digest: async () => '',
  closeGate: async () => {},
  poll: async () => null,
  mine: async () => ({}),
};

/** Leases shared by the nodes of this file when there is no Redis. */
function memoryLeases(): LeaseStore {
  const keys = new Map<string, string>();
  return {
    async setIfAbsent(k, v) {
      if (keys.has(k)) return false;
      keys.set(k, v);
      return true;
    },
    async renew(k, v): Promise<RenewOutcome> {
      const cur = keys.get(k);
      if (cur === undefined) keys.set(k, v);
      return cur === v ? 'renewed' : cur === undefined ? 'claimed' : 'taken';
    },
    get: async (k) => keys.get(k) ?? null,
    getMany: async (ks) => ks.map((k) => keys.get(k) ?? null),
    async release(k, v) {
      if (keys.get(k) === v) keys.delete(k);
    },
  };
}

describe('fenced ownership on the database', () => {
  let database: TestDatabase;
  let events: EventStore;
  let redis: Redis | null = null;
  let leases: LeaseStore;
  const prefix = `fence${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await openTestDatabase();
    events = createEventStore(database);
    if (process.env.REDIS_URL) {
      redis = new Redis(process.env.REDIS_URL, COMMAND_OPTIONS);
      await redis.connect();
      leases = redisLeaseStore(redis);
    } else leases = memoryLeases();
  });
  afterAll(async () => {
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await database?.cleanup();
  });

  function node(nodeId: string) {
    const logger = { error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
    const ownership = new RedisOwnership(leases, nodeId, prefix, 60_000, { autoRenew: false });
    const registry = new DebateRegistry(
      { log: events, ballots: noBallots, broadcaster: { event: () => {}, tally: () => {}, audience: () => 0 }, clock: systemClock, logger: logger as never, tallyIntervalMs: 250, listeners: [] },
      { ownership, fence: createWriterFence(database, events), failoverMs: 5000 },
    );
    return { registry, ownership, logger };
  }

  async function liveDebate(registry: DebateRegistry): Promise<string> {
    const d = await registry.create({ title: 'Budget', description: null, location: null, modalities }, ADMIN);
    await d.transition('announce', ADMIN);
    await d.transition('start', ADMIN);
    return d.id;
  }

  /** A contract-valid event (the store validates what it reads back) whose projection needs no row of its debate. */
  function paused(at: number, turnId: string) {
    return { at, actor: ADMIN, type: 'floor:paused' as const, payload: { turnId, pausedAt: at, remainingMs: 1000, spokenMs: 0 } };
  }

  it('refuses an append with an epoch that was taken over, and keeps the chain whole', async () => {
    const fence = createWriterFence(database, events);
    // A debates row: the questions projection of the appended events refers to it.
    const id = (await newDebate(database)).id;
    const first = await fence.take(id, 'node-a');
    const [created] = await fence.append(id, first, { seq: 0, hash: '' }, [paused(1, 'one')]);
    const second = await takeWriterEpoch(database.db, id, 'node-b');
    expect(second).toBe(first + 1);
    const err = await fence.append(id, first, { seq: 1, hash: created!.hash }, [paused(2, 'stale')]).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('NOT_OWNER');
    await fence.append(id, second, { seq: 1, hash: created!.hash }, [paused(3, 'two')]);
    const turns = (await events.load(id)).flatMap((e) => (e.type === 'floor:paused' ? [e.payload.turnId] : []));
    expect(turns).toEqual(['one', 'two']);
    expect((await events.verify(id)).ok).toBe(true);
  });

  it('a node that lost a debate appends nothing; its call runs again on a fresh copy, no CONFLICT', async () => {
    const a = node('node-a');
    const b = node('node-b');
    const id = await liveDebate(a.registry);
    const onA = await a.registry.handle(id);
    await onA.execute('question:ask', { text: 'Avant la reprise ?' }, ANA);

    // A's lease vanishes behind its back (it was frozen past it, say); B takes the debate.
    await leases.release(`${prefix}:owner:${id}`, 'node-a');
    await (await b.registry.handle(id)).execute('question:ask', { text: 'Pendant que A dort ?' }, ANA);
    expect(b.registry.loadedCount()).toBe(1);
    await b.registry.close(); // B goes away gracefully: its lease is released

    // A wakes up with its old copy: the append is fenced, the copy dropped, the call retried.
    const result = await onA.execute('question:ask', { text: 'Après le réveil de A ?' }, ANA);
    expect(result.events.map((e) => e.type)).toEqual(['question:asked']);
    const asked = (await events.load(id)).flatMap((e) => (e.type === 'question:asked' ? [e.payload.question.text] : []));
    expect(asked).toEqual(['Avant la reprise ?', 'Pendant que A dort ?', 'Après le réveil de A ?']);
    expect(a.logger.warn).toHaveBeenCalledWith(expect.objectContaining({ debateId: id }), 'dropping the local copy of a debate');
    expect((await events.verify(id)).ok).toBe(true);
    await a.registry.close();
  });

  it('shares one load between concurrent calls: one copy, one epoch', async () => {
    const a = node('node-a');
    const id = await liveDebate(a.registry);
    await a.registry.close();
    const before = await takeWriterEpoch(database.db, id, 'probe');
    const c = node('node-c');
    const views = await Promise.all(
      Array.from({ length: 25 }, async () => (await c.registry.handle(id)).view({ role: 'participant', participantId: 'ana' })),
    );
    expect(new Set(views.map((v) => v.seq)).size).toBe(1);
    expect(c.registry.loadedCount()).toBe(1);
    expect(await takeWriterEpoch(database.db, id, 'probe')).toBe(before + 2); // c took exactly one
    await c.registry.close();
  });
});
