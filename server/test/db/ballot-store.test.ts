import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import {
  ballotReceipt,
  ballotsDigest,
  closeBallotGate,
  countBallots,
  createBallotWriter,
  findReceipt,
  loadBallots,
  type BallotAck,
  type BallotInput,
} from '../../src/db/ballot-store.ts';
import { canonicalJson, sha256Hex } from '../../src/db/canonical-json.ts';
import { queryRows } from '../../src/db/pg-util.ts';
import { polls } from '../../src/db/schema.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { T0, newDebate, uid } from './fixtures.ts';

describe('ballot store', () => {
  let database: TestDatabase;
  let debateId: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    debateId = (await newDebate(database)).id;
  });
  afterAll(() => database.cleanup());

  async function newPoll(): Promise<string> {
    const id = uid('p');
    await database.db.insert(polls).values({
      id, debateId, question: 'Quelle priorité ?', kind: 'multiple', options: ['a', 'b', 'c', 'd'],
      maxChoices: 2, status: 'open', createdAt: T0,
    });
    return id;
  }

  const ballot = (pollId: string, voter: number, choices: number[], castAt = T0 + voter): BallotInput => ({
    debateId, pollId, participantId: `c${voter}`, choices, castAt,
  });

  it('group-commits a burst: one row per voter, last ballot kept, versions counted, exact counts', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database, { maxBatch: 700 });
    const VOTERS = 4000;
    const CHANGERS = 1000;
    const expected = new Map<string, { choices: number[]; casts: number }>();
    const submitted: { input: BallotInput; ack: Promise<BallotAck> }[] = [];
    const submit = (input: BallotInput) => {
      submitted.push({ input, ack: writer.submit(input) });
      const prev = expected.get(input.participantId);
      expected.set(input.participantId, { choices: input.choices, casts: (prev?.casts ?? 0) + 1 });
    };
    for (let v = 0; v < VOTERS; v++) submit(ballot(pollId, v, v % 3 === 0 ? [v % 4, (v + 1) % 4] : [v % 4]));
    // Some change their mind in the same burst (often in the same batch), some twice.
    for (let v = 0; v < CHANGERS; v++) submit(ballot(pollId, v * 3, [(v + 2) % 4], T0 + 10_000 + v));
    for (let v = 0; v < 100; v++) submit(ballot(pollId, v * 3, [3], T0 + 20_000 + v));
    // More arrive while the first batches are being written.
    await new Promise((r) => setImmediate(r));
    for (let v = VOTERS; v < VOTERS + 500; v++) submit(ballot(pollId, v, [v % 4]));
    // Changes queued back to back land in one batch: only the last is inserted.
    for (let v = VOTERS + 500; v < VOTERS + 520; v++) {
      for (const c of [0, 1, 2]) submit(ballot(pollId, v, [c], T0 + 30_000 + c));
    }

    const acks = await Promise.all(submitted.map((s) => s.ack));
    const stats = writer.stats();
    expect(stats).toMatchObject({ written: submitted.length, failed: 0 });
    // Group commit: a handful of statements for thousands of ballots.
    expect(stats.batches).toBeLessThanOrEqual(Math.ceil(submitted.length / 700) + 2);
    acks.forEach((ack, i) => expect(ack.receipt).toBe(ballotReceipt(submitted[i]!.input)));

    // Versions: the n-th ballot of a voter is version n, whatever the batching.
    const seen = new Map<string, number>();
    submitted.forEach((s, i) => {
      const n = (seen.get(s.input.participantId) ?? 0) + 1;
      seen.set(s.input.participantId, n);
      expect(acks[i]!.version).toBe(n);
    });

    const stored = await loadBallots(database, pollId);
    expect(stored).toHaveLength(expected.size);
    for (const b of stored) {
      const e = expected.get(b.participantId)!;
      expect(b.choices).toEqual(e.choices);
      expect(b.version).toBe(e.casts);
    }

    const byChoice: Record<number, number> = {};
    for (const e of expected.values()) for (const c of e.choices) byChoice[c] = (byChoice[c] ?? 0) + 1;
    expect(await countBallots(database, pollId)).toEqual({ total: expected.size, byChoice });
  });

  it('acks only once the ballot is in the database', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database);
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, v) =>
        writer.submit(ballot(pollId, v, [1])).then(async (ack) => {
          // Read through a separate query right at ack time.
          return { ack, row: await findReceipt(database, pollId, ack.receipt) };
        }),
      ),
    );
    for (const { ack, row } of acks) expect(row).toMatchObject({ receipt: ack.receipt, choices: [1], version: 1 });
  });

  it('lets a voter find their receipt, and only the counted ballot matches', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database);
    const first = await writer.submit(ballot(pollId, 1, [0], T0));
    const second = await writer.submit(ballot(pollId, 1, [2], T0 + 5));
    expect(second.version).toBe(2);
    expect(first.receipt).toBe(sha256Hex(canonicalJson({ pollId, participantId: 'c1', choices: [0], castAt: T0 })));
    expect(await findReceipt(database, pollId, first.receipt)).toBeNull();
    expect(await findReceipt(database, pollId, second.receipt)).toEqual({ participantId: 'c1', choices: [2], receipt: second.receipt, version: 2 });
  });

  it('digests the sorted (participant, choices) list', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database);
    await Promise.all([writer.submit(ballot(pollId, 20, [1])), writer.submit(ballot(pollId, 3, [0, 2])), writer.submit(ballot(pollId, 100, [3]))]);
    const list = [
      { participantId: 'c100', choices: [3] },
      { participantId: 'c20', choices: [1] },
      { participantId: 'c3', choices: [0, 2] },
    ];
    expect(await ballotsDigest(database, pollId)).toBe(sha256Hex(canonicalJson(list)));
    await writer.submit(ballot(pollId, 3, [1]));
    expect(await ballotsDigest(database, pollId)).not.toBe(sha256Hex(canonicalJson(list)));
  });

  it('rejects every promise of a failed batch, stores none of it, and keeps working', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database);
    const good = [1, 2, 3].map((v) => writer.submit(ballot(pollId, v, [0])));
    // A NUL character cannot be stored in a text column: the whole statement fails.
    const bad = writer.submit({ ...ballot(pollId, 4, [1]), participantId: 'c4\u0000' });
    const results = await Promise.allSettled([...good, bad]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as AppError;
      expect(reason).toBeInstanceOf(AppError);
      expect(reason.code).toBe('UNAVAILABLE');
      expect((reason.details as { sqlState: string }).sqlState).toMatch(/^22/);
    }
    expect(await countBallots(database, pollId)).toEqual({ total: 0, byChoice: {} });
    expect(writer.stats()).toMatchObject({ written: 0, failed: 4 });

    const later = await writer.submit(ballot(pollId, 1, [2]));
    expect(later.version).toBe(1);
    expect(await countBallots(database, pollId)).toEqual({ total: 1, byChoice: { 2: 1 } });
  });

  it('refuses, alone in its batch, a ballot for a poll of another debate or not open', async () => {
    const pollId = await newPoll();
    const draft = uid('p');
    await database.db.insert(polls).values({ id: draft, debateId, question: 'Plus tard ?', kind: 'single', options: ['a', 'b'], status: 'draft', createdAt: T0 });
    const writer = createBallotWriter(database);
    const results = await Promise.allSettled([
      writer.submit(ballot(pollId, 1, [0])),
      writer.submit({ ...ballot(pollId, 2, [1]), pollId: uid('missing') }),
      writer.submit({ ...ballot(pollId, 3, [1]), debateId: 'another-debate' }),
      writer.submit(ballot(draft, 4, [1])),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as AppError).code))).toEqual([
      'ok',
      'POLL_NOT_FOUND',
      'POLL_NOT_FOUND',
      'POLL_NOT_OPEN',
    ]);
  });

  it('keeps each voter\'s order: a higher number replaces, the same is a retry, a lower is superseded', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database);
    const numbered = (voter: number, choices: number[], clientSeq: number) => ({ ...ballot(pollId, voter, choices), clientSeq });
    const first = await writer.submit(numbered(1, [0], 100));
    expect(first.version).toBe(1);
    // A retry of the same ballot: acknowledged again, nothing changes.
    expect(await writer.submit(numbered(1, [0], 100))).toEqual(first);
    const second = await writer.submit(numbered(1, [2], 200));
    expect(second.version).toBe(2);
    // Older than what is stored (it was overtaken, e.g. by a retry through another node).
    await expect(writer.submit(numbered(1, [3], 150))).rejects.toMatchObject({ code: 'BALLOT_SUPERSEDED' });
    await expect(writer.submit(numbered(1, [3], 200))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // In one batch, whatever the arrival order, the highest number wins; the others are superseded.
    const batch = await Promise.allSettled([numbered(2, [1], 30), numbered(2, [0], 10), numbered(2, [3], 20)].map((b) => writer.submit(b)));
    expect(batch.map((r) => (r.status === 'fulfilled' ? r.value.version : (r.reason as AppError).code))).toEqual([1, 'BALLOT_SUPERSEDED', 'BALLOT_SUPERSEDED']);
    expect((await loadBallots(database, pollId)).map((b) => [b.participantId, b.choices, b.version])).toEqual([
      ['c1', [2], 2],
      ['c2', [1], 1],
    ]);
  });

  it('stores nothing once the gate is closed, so the count taken after it is the rows', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database);
    await writer.submit(ballot(pollId, 1, [0]));
    await closeBallotGate(database, pollId, T0 + 1000);
    const counted = await countBallots(database, pollId);
    await expect(writer.submit(ballot(pollId, 2, [1]))).rejects.toMatchObject({ code: 'POLL_CLOSED' });
    await expect(writer.submit(ballot(pollId, 1, [1]))).rejects.toMatchObject({ code: 'POLL_CLOSED' });
    expect(await countBallots(database, pollId)).toEqual(counted);
    // Past its auto-close time, a poll takes no ballot even before its timer closed it.
    const timed = uid('p');
    await database.db.insert(polls).values({ id: timed, debateId, question: 'Vite ?', kind: 'single', options: ['a', 'b'], status: 'open', closesAt: T0 + 50, createdAt: T0 });
    await expect(writer.submit({ ...ballot(timed, 3, [0]), castAt: T0 + 49 })).resolves.toMatchObject({ version: 1 });
    await expect(writer.submit({ ...ballot(timed, 4, [0]), castAt: T0 + 50 })).rejects.toMatchObject({ code: 'POLL_CLOSED' });
  });

  it('refuses a malformed ballot alone, without failing the others of its batch', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database);
    const results = await Promise.allSettled([
      writer.submit(ballot(pollId, 1, [0])),
      writer.submit(ballot(pollId, 2, [1.5])),
      writer.submit(ballot(pollId, 3, [-1])),
      writer.submit({ ...ballot(pollId, 4, [1]), castAt: Number.NaN }),
      writer.submit(ballot(pollId, 5, [2])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect((r.reason as AppError).code).toBe('VALIDATION_FAILED');
    }
    expect(await countBallots(database, pollId)).toEqual({ total: 2, byChoice: { 0: 1, 2: 1 } });
  });

  it('flush waits for what was submitted; close refuses new ballots', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database, { maxBatch: 10 });
    const pending = Array.from({ length: 95 }, (_, v) => writer.submit(ballot(pollId, v, [v % 2])));
    await writer.flush();
    expect((await countBallots(database, pollId)).total).toBe(95);
    await Promise.all(pending);
    await writer.flush();
    await writer.close();
    const refused = await writer.submit(ballot(pollId, 999, [0])).catch((e: unknown) => e);
    expect((refused as AppError).code).toBe('UNAVAILABLE');
    expect((await countBallots(database, pollId)).total).toBe(95);
  });

  it('writes a batch whose row values would exceed the 65,535 bind-parameter limit', async () => {
    const pollId = await newPoll();
    const writer = createBallotWriter(database, { maxBatch: 20_000 });
    const N = 12_000;
    const acks = await Promise.all(Array.from({ length: N }, (_, v) => writer.submit(ballot(pollId, v, [v % 4]))));
    expect(acks.every((a) => a.version === 1)).toBe(true);
    expect(writer.stats().batches).toBe(1);
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ballots where poll_id = ${pollId}`);
    expect(row!.n).toBe(N);
    expect(await countBallots(database, pollId)).toEqual({ total: N, byChoice: { 0: 3000, 1: 3000, 2: 3000, 3: 3000 } });
  });
});
