// Validation on read, on a real database: every row the event store reads goes through
// the event contract. A tampered row is an error naming the debate and the seq (the hash
// chain says the same independently); a row written before a shape change (a floor event
// without `cutAt`) is upcast on read, while the stored row, and so its hash, stay as written.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { createEventStore, type EventInput } from '../../src/db/event-store.ts';
import { debateEvents } from '../../src/db/schema.ts';
import { rebuild } from '../../src/domain/debate.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { T0, moderator, modalities, newDebate, system, uid } from './fixtures.ts';

const warning = (i: number): EventInput => ({
  at: T0 + i,
  actor: system,
  type: 'floor:warning',
  payload: { turnId: 't1', thresholdSeconds: 10 * i, remainingMs: 1000 * i },
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw err;
  return err;
}

describe('event store: validation on read', () => {
  let database: TestDatabase;
  let store: ReturnType<typeof createEventStore>;
  beforeAll(async () => {
    database = await openTestDatabase();
    store = createEventStore(database);
  });
  afterAll(() => database.cleanup());

  it('refuses a tampered row, naming the debate, the seq and the field', async () => {
    const id = uid('d');
    await store.append(id, { seq: 0, hash: '' }, [warning(1), warning(2), warning(3)]);
    await database.db.execute(
      sql`update debate_events set payload = jsonb_set(payload, '{remainingMs}', '"soon"') where debate_id = ${id} and seq = 2`,
    );
    const err = await rejection(store.load(id));
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toContain(`#2 of debate ${id}`);
    expect(err.message).toContain('payload.remainingMs');
    expect(err.details).toMatchObject({ debateId: id, seq: 2, type: 'floor:warning' });
    // Only that row is refused: the ones after it read fine, and the chain agrees.
    expect((await store.load(id, 2)).map((e) => e.seq)).toEqual([3]);
    expect((await store.verify(id)).brokenAt).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
  });

  it('refuses a row of a type the contract does not know', async () => {
    const id = uid('d');
    await store.append(id, { seq: 0, hash: '' }, [warning(1)]);
    await database.db.execute(sql`update debate_events set type = 'floor:exploded' where debate_id = ${id} and seq = 1`);
    const err = await rejection(store.load(id));
    expect(err.message).toContain(`#1 of debate ${id}`);
    expect(err.message).toContain('unknown event type "floor:exploded"');
  });

  it('reads a floor:granted written before cutAt existed as cutAt: null, the stored row unchanged', async () => {
    const debate = await newDebate(database);
    const m = modalities();
    const created: EventInput = {
      at: T0,
      actor: { kind: 'admin' },
      type: 'debate:created',
      payload: { debateId: debate.id, title: debate.title, description: null, location: null, modalities: m },
    };
    const old = {
      turnId: uid('t'), participantId: 'c1', name: 'Alice', role: 'participant', group: 'pour', mode: 'oral',
      allottedMs: 60_000, grantedAt: T0 + 3, deadline: T0 + 60_003, agendaSlotId: null, contributionId: null, cappedByQuota: false,
    };
    const lifecycle = (type: string, at: number): EventInput => ({ at, actor: moderator, type, payload: { at } });
    await store.append(debate.id, { seq: 0, hash: '' }, [
      created,
      lifecycle('debate:announced', T0 + 1),
      lifecycle('debate:started', T0 + 2),
      { at: T0 + 3, actor: moderator, type: 'floor:granted', payload: old },
    ]);

    const [row] = await database.db
      .select()
      .from(debateEvents)
      .where(and(eq(debateEvents.debateId, debate.id), eq(debateEvents.seq, 4)));
    expect(row!.payload).toEqual(old);
    const events = await store.load(debate.id);
    expect(events[3]).toMatchObject({ type: 'floor:granted', payload: { ...old, cutAt: null } });
    expect(await store.verify(debate.id)).toMatchObject({ ok: true, count: 4 });
    // The debate rebuilds from such a log.
    expect(rebuild(debate.id, events).turns.floor).toMatchObject({ turnId: old.turnId, deadline: T0 + 60_003 });
  });
});
