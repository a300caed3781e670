import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { canonicalJson, createEventStore, eventHash, type EventInput } from '../../src/db/event-store.ts';
import { sha256Hex } from '../../src/db/canonical-json.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { T0, moderator, system, uid } from './fixtures.ts';

// A real event type (the store parses what it reads) that no projection writes to a table.
const draft = (i: number): EventInput => ({
  at: T0 + i * 1000,
  actor: i % 2 ? moderator : system,
  type: 'floor:warning',
  payload: { turnId: `tour-${i}-é`, thresholdSeconds: i, remainingMs: i * 1000 },
});

const drafts = (from: number, n: number): EventInput[] => Array.from({ length: n }, (_, k) => draft(from + k));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('event store', () => {
  let database: TestDatabase;
  let store: ReturnType<typeof createEventStore>;
  beforeAll(async () => {
    database = await openTestDatabase();
    store = createEventStore(database);
  });
  afterAll(() => database.cleanup());

  it('starts empty', async () => {
    const id = uid('d');
    expect(await store.head(id)).toEqual({ seq: 0, hash: '' });
    expect(await store.load(id)).toEqual([]);
    expect(await store.verify(id)).toEqual({ ok: true, count: 0, headHash: '', brokenAt: null });
  });

  it('appends gap-free seqs with chained hashes, and loads them back in order', async () => {
    const id = uid('d');
    const first = await store.append(id, { seq: 0, hash: '' }, drafts(1, 3));
    expect(first.map((e) => e.seq)).toEqual([1, 2, 3]);
    const second = await store.append(id, { seq: 3, hash: first[2]!.hash }, drafts(4, 2));
    expect(second.map((e) => e.seq)).toEqual([4, 5]);

    const all = await store.load(id);
    expect(all).toEqual([...first, ...second]);
    expect(all[0]).toMatchObject({ debateId: id, seq: 1, at: T0 + 1000, actor: moderator, type: 'floor:warning' });

    // The documented formula, recomputed independently.
    const e1 = all[0]!;
    const content = { debateId: id, seq: 1, at: e1.at, actor: e1.actor, type: e1.type, payload: e1.payload };
    expect(e1.hash).toBe(sha256Hex(`\n${canonicalJson(content)}`));
    const e2 = all[1]!;
    expect(e2.hash).toBe(eventHash(e1.hash, e2));

    expect(await store.head(id)).toEqual({ seq: 5, hash: second[1]!.hash });
    expect((await store.load(id, 2)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect((await store.load(id, 2, 2)).map((e) => e.seq)).toEqual([3, 4]);
    expect(await store.append(id, { seq: 5, hash: second[1]!.hash }, [])).toEqual([]);
  });

  it('keeps debates apart', async () => {
    const a = uid('d');
    const b = uid('d');
    await store.append(a, { seq: 0, hash: '' }, drafts(1, 2));
    await store.append(b, { seq: 0, hash: '' }, drafts(1, 1));
    expect((await store.load(a)).length).toBe(2);
    expect((await store.head(b)).seq).toBe(1);
  });

  it('refuses a stale head with CONFLICT and appends nothing', async () => {
    const id = uid('d');
    const [e1] = await store.append(id, { seq: 0, hash: '' }, drafts(1, 1));
    const again = await rejection(store.append(id, { seq: 0, hash: '' }, drafts(2, 1)));
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe('CONFLICT');
    const wrongHash = await rejection(store.append(id, { seq: 1, hash: 'f'.repeat(64) }, drafts(2, 1)));
    expect((wrongHash as AppError).code).toBe('CONFLICT');
    const ahead = await rejection(store.append(id, { seq: 4, hash: e1!.hash }, drafts(2, 1)));
    expect((ahead as AppError).code).toBe('CONFLICT');
    expect(await store.load(id)).toEqual([e1]);
  });

  it('lets exactly one of two concurrent writers win', async () => {
    const id = uid('d');
    const [e1] = await store.append(id, { seq: 0, hash: '' }, drafts(1, 1));
    const head = { seq: 1, hash: e1!.hash };
    const results = await Promise.allSettled([
      store.append(id, head, drafts(2, 3)),
      store.append(id, head, drafts(10, 2)),
      createEventStore(database).append(id, head, drafts(20, 1)),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as AppError).code)).toEqual(['CONFLICT', 'CONFLICT']);
    const v = await store.verify(id);
    expect(v.ok).toBe(true);
    expect(v.count).toBe(1 + (won[0] as PromiseFulfilledResult<unknown[]>).value.length);
  });

  it('rolls the whole append back when a projection fails', async () => {
    const id = uid('d');
    const err = await rejection(
      store.append(id, { seq: 0, hash: '' }, [draft(1), { ...draft(2), type: 'poll:opened', payload: { nope: true } }]),
    );
    expect((err as AppError).code).toBe('INTERNAL');
    expect(await store.head(id)).toEqual({ seq: 0, hash: '' });
  });
});

describe('event store verify', () => {
  let database: TestDatabase;
  let store: ReturnType<typeof createEventStore>;
  beforeAll(async () => {
    database = await openTestDatabase();
    store = createEventStore(database);
  });
  afterAll(() => database.cleanup());

  async function seed(n: number, batch = 500): Promise<string> {
    const id = uid('d');
    let head = { seq: 0, hash: '' };
    for (let i = 1; i <= n; i += batch) {
      const out = await store.append(id, head, drafts(i, Math.min(batch, n - i + 1)));
      const last = out[out.length - 1]!;
      head = { seq: last.seq, hash: last.hash };
    }
    return id;
  }

  it('accepts an intact chain longer than one page', async () => {
    const id = await seed(2300);
    const head = await store.head(id);
    expect(await store.verify(id)).toEqual({ ok: true, count: 2300, headHash: head.hash, brokenAt: null });
  });

  it('reports a tampered payload at its exact seq', async () => {
    const id = await seed(2300);
    const before = await store.load(id, 1699, 1);
    await database.db.execute(
      sql`update debate_events set payload = jsonb_set(payload, '{turnId}', '"rewritten"') where debate_id = ${id} and seq = 1700`,
    );
    const v = await store.verify(id);
    expect(v.ok).toBe(false);
    expect(v.count).toBe(1699);
    expect(v.headHash).toBe((await store.load(id, 1698, 1))[0]!.hash);
    expect(v.brokenAt).toMatchObject({ seq: 1700, reason: 'hash_mismatch', actual: before[0]!.hash });
    expect(v.brokenAt!.expected).not.toBe(before[0]!.hash);
  });

  it('reports a deleted event as a gap at the missing seq', async () => {
    const id = await seed(40, 7);
    await database.db.execute(sql`delete from debate_events where debate_id = ${id} and seq = 17`);
    const v = await store.verify(id);
    expect(v).toMatchObject({ ok: false, count: 16, brokenAt: { seq: 17, reason: 'seq_gap', expected: '17', actual: '18' } });
  });

  it('reports a re-hashed forgery at the next event', async () => {
    const id = await seed(10, 10);
    const [e5] = await store.load(id, 4, 1);
    const forged = { ...e5!, payload: { turnId: 'forged', thresholdSeconds: 5, remainingMs: 5000 } };
    const prev = (await store.load(id, 3, 1))[0]!.hash;
    const forgedHash = eventHash(prev, forged);
    await database.db.execute(
      sql`update debate_events set payload = ${JSON.stringify(forged.payload)}::jsonb, hash = ${forgedHash}
          where debate_id = ${id} and seq = 5`,
    );
    const v = await store.verify(id);
    expect(v).toMatchObject({
      ok: false,
      count: 5,
      headHash: forgedHash,
      brokenAt: { seq: 6, reason: 'prev_hash_mismatch', expected: forgedHash, actual: e5!.hash },
    });
  });

  it('reports a tampered actor or timestamp too (the whole content is hashed)', async () => {
    const id = await seed(6, 6);
    await database.db.execute(sql`update debate_events set at = at + 1 where debate_id = ${id} and seq = 3`);
    expect((await store.verify(id)).brokenAt).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
    await database.db.execute(sql`update debate_events set at = at - 1 where debate_id = ${id} and seq = 3`);
    expect((await store.verify(id)).ok).toBe(true);
    await database.db.execute(
      sql`update debate_events set actor = '{"kind":"admin"}'::jsonb where debate_id = ${id} and seq = 4`,
    );
    expect((await store.verify(id)).brokenAt).toMatchObject({ seq: 4, reason: 'hash_mismatch' });
  });
});
