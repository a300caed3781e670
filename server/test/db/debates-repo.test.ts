import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDebate, getDebate, listDebates, setDebateStatus, updateDebate } from '../../src/db/debates-repo.ts';
import { IdSchema } from '../../src/protocol/common.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { modalities, uid } from './fixtures.ts';

describe('debates repository', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.cleanup());

  it('creates a draft with a random valid id and reads it back', async () => {
    const m = modalities();
    const d = await createDebate(database, { title: 'Budget participatif', description: 'Deux heures', location: 'Salle des fêtes', modalities: m });
    expect(IdSchema.safeParse(d.id).success).toBe(true);
    expect(d).toMatchObject({ title: 'Budget participatif', description: 'Deux heures', location: 'Salle des fêtes', status: 'draft', modalities: m, announcedAt: null, startedAt: null, endedAt: null, archivedAt: null });
    expect(d.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(await getDebate(database, d.id)).toEqual(d);
    expect(await getDebate(database, 'nope')).toBeNull();
    const other = await createDebate(database, { title: 'Autre', modalities: m });
    expect(other.id).not.toBe(d.id);
    expect(other).toMatchObject({ description: null, location: null });
  });

  it('updates only the given fields', async () => {
    const d = await createDebate(database, { id: uid('d'), title: 'Avant', location: 'Ici', modalities: modalities() });
    const m2 = { ...modalities(), plannedDurationMinutes: 45 };
    const u = await updateDebate(database, d.id, { title: 'Après', modalities: m2, description: null });
    expect(u).toMatchObject({ id: d.id, title: 'Après', location: 'Ici', description: null, modalities: m2 });
    expect(Date.parse(u!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(d.updatedAt));
    expect(await updateDebate(database, 'nope', { title: 'x' })).toBeNull();
  });

  it('sets a status with its timestamp and filters lists by status', async () => {
    const a = await createDebate(database, { id: uid('d'), title: 'A', modalities: modalities() });
    const b = await createDebate(database, { id: uid('d'), title: 'B', modalities: modalities() });
    const c = await createDebate(database, { id: uid('d'), title: 'C', modalities: modalities() });
    const at = new Date(Date.UTC(2026, 10, 28, 18, 30));
    expect(await setDebateStatus(database, b.id, 'live', at)).toMatchObject({ status: 'live', startedAt: at.toISOString() });
    await setDebateStatus(database, c.id, 'scheduled', at);

    const live = await listDebates(database, { status: 'live' });
    expect(live.map((d) => d.id)).toEqual([b.id]);
    const some = await listDebates(database, { status: ['live', 'scheduled'] });
    expect(some.map((d) => d.id).sort()).toEqual([b.id, c.id].sort());
    const all = await listDebates(database);
    expect(all.map((d) => d.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(await listDebates(database, { limit: 2 })).toHaveLength(2);
    // Newest first.
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.createdAt >= all[i]!.createdAt).toBe(true);
    expect(await setDebateStatus(database, 'nope', 'ended')).toBeNull();
  });

  it('refuses a status outside the lifecycle', async () => {
    const d = await createDebate(database, { id: uid('d'), title: 'X', modalities: modalities() });
    await expect(setDebateStatus(database, d.id, 'paused' as never)).rejects.toThrow();
    expect((await getDebate(database, d.id))!.status).toBe('draft');
  });
});
