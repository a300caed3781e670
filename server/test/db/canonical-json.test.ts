import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, createEventStore } from '../../src/db/event-store.ts';
import { debateEvents } from '../../src/db/schema.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { T0, moderator, uid } from './fixtures.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, e: null };
    expect(canonicalJson(a)).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"e":null}');
    expect(canonicalJson({ a: { d: [3, { y: 2, z: 1 }] }, e: null, b: 1 })).toBe(canonicalJson(a));
  });

  it('prints undefined array items as null, like JSON', () => {
    expect(canonicalJson([1, undefined, 'x'])).toBe('[1,null,"x"]');
  });

  it('refuses values jsonb cannot store', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/non-finite/);
    expect(() => canonicalJson(undefined)).toThrow();
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint/);
  });

  it('uses toJSON (dates become ISO strings)', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2)) })).toBe('{"at":"2026-01-02T00:00:00.000Z"}');
  });
});

describe('canonicalJson across a jsonb round trip', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.cleanup());

  const payloads: Record<string, unknown> = {
    nested: { zeta: { b: [1, { y: [true, false, null], x: {} }], a: [] }, alpha: 'x', 'mixed-Case': 1, '10': 'ten', '9': 'nine' },
    unicode: {
      fr: 'Débat citoyen : « À quoi sert la ville ? »',
      emoji: '🗳️👩🏽‍⚖️',
      cjk: '市民討論',
      rtl: 'نقاش عام',
      escapes: 'quote " backslash \\ newline \n tab \t ctrl \u0001 sep \u2028 \u2029 slash /',
      'clé-é': 'key with accent',
    },
    numbers: {
      ints: [0, -1, 1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
      floats: [1.5, -2.25, 0.1 + 0.2, 1 / 3, 1e21, 1.5e300, 1e-7, 5e-324, -0],
      ms: T0,
    },
  };

  for (const [name, sample] of Object.entries(payloads)) {
    it(`gives the same string after storing and reading back (${name})`, async () => {
      const store = createEventStore(database);
      const debateId = uid('d');
      // A real event (the store parses what it reads) carrying the sample beside its
      // fields: stored and hashed as written, ignored by the typed read.
      const payload = { turnId: 't1', thresholdSeconds: 10, remainingMs: 10_000, sample };
      const [written] = await store.append(debateId, { seq: 0, hash: '' }, [
        { at: T0, actor: moderator, type: 'floor:warning', payload },
      ]);
      const [row] = await database.db
        .select()
        .from(debateEvents)
        .where(and(eq(debateEvents.debateId, debateId), eq(debateEvents.seq, 1)));
      expect(canonicalJson(row!.payload)).toBe(canonicalJson(payload));
      expect(row!.hash).toBe(written!.hash);
      expect((await store.verify(debateId)).ok).toBe(true);
    });
  }
});
