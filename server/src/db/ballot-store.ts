// Ballots: the hot path of a vote storm. Every ballot is durable before its
// submitter's promise resolves, yet thousands per second go through because writes
// are group-committed: submissions queue up, one flush at a time writes the whole
// pending batch as one multi-row upsert, and everything that arrives meanwhile forms
// the next batch. Throughput grows with load instead of being capped by round trips.
//
// `version` counts how many times a voter has cast a ballot in the poll, whatever the
// batching: a batch holding n ballots of one voter writes the last one with a +n.
// The receipt (sha256 of the canonical ballot) lets a voter check later that the
// ballot counted is theirs (findReceipt, ballotsDigest).
import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../errors.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import type { Database } from './client.ts';
import { pgErrorOf, queryRows } from './pg-util.ts';
import { ballots } from './schema.ts';

export interface BallotInput {
  debateId: string;
  pollId: string;
  participantId: string;
  choices: number[];
  castAt: number;
}

export interface BallotAck {
  receipt: string;
  /** 1 for a first ballot, +1 for each change. */
  version: number;
}

export interface BallotWriter {
  submit(ballot: BallotInput): Promise<BallotAck>;
  /** Resolves once everything submitted before the call is settled (written or rejected). */
  flush(): Promise<void>;
  /** Flushes, then refuses new ballots (UNAVAILABLE). Idempotent. */
  close(): Promise<void>;
  /** Counters for metrics: batches written, ballots acknowledged, ballots rejected. */
  stats(): { batches: number; written: number; failed: number };
}

export interface BallotWriterOptions {
  /** Most submissions taken by one flush (one transaction). */
  maxBatch?: number;
  /** Told of every batch once settled (metrics); must not throw. */
  onBatch?: (batch: { size: number; ok: boolean }) => void;
}

interface Pending {
  ballot: BallotInput;
  receipt: string;
  ticket: number;
  resolve(ack: BallotAck): void;
  reject(err: unknown): void;
}

export function ballotReceipt(b: Pick<BallotInput, 'pollId' | 'participantId' | 'choices' | 'castAt'>): string {
  return sha256Hex(canonicalJson({ pollId: b.pollId, participantId: b.participantId, choices: b.choices, castAt: b.castAt }));
}

export function createBallotWriter(database: Pick<Database, 'db'>, opts: BallotWriterOptions = {}): BallotWriter {
  const maxBatch = Math.max(1, opts.maxBatch ?? 5000);
  let queue: Pending[] = [];
  let running: Promise<void> | null = null;
  let issued = 0;
  let settled = 0;
  let waiters: { ticket: number; resolve(): void }[] = [];
  let closing: Promise<void> | null = null;
  const counters = { batches: 0, written: 0, failed: 0 };

  function start(): void {
    // setImmediate: let the submissions of the current I/O phase join the first batch.
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain);
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const ok = await writeBatch(database, batch);
      counters.batches++;
      if (ok) counters.written += batch.length;
      else counters.failed += batch.length;
      opts.onBatch?.({ size: batch.length, ok });
      settled = batch[batch.length - 1]!.ticket;
      const due = waiters.filter((w) => w.ticket <= settled);
      waiters = waiters.filter((w) => w.ticket > settled);
      for (const w of due) w.resolve();
    }
    running = null;
  }

  function submit(ballot: BallotInput): Promise<BallotAck> {
    if (closing) return Promise.reject(new AppError('UNAVAILABLE', 'The ballot writer is closed'));
    // Checked here, not by the database: one malformed ballot must not fail the batch
    // it would share with everybody else's.
    const malformed = checkBallot(ballot);
    if (malformed) return Promise.reject(new AppError('VALIDATION_FAILED', `Malformed ballot: ${malformed}`));
    const receipt = ballotReceipt(ballot);
    return new Promise<BallotAck>((resolve, reject) => {
      queue.push({ ballot, receipt, ticket: ++issued, resolve, reject });
      start();
    });
  }

  function flush(): Promise<void> {
    const ticket = issued;
    if (settled >= ticket) return Promise.resolve();
    return new Promise<void>((resolve) => waiters.push({ ticket, resolve }));
  }

  function close(): Promise<void> {
    closing ??= flush();
    return closing;
  }

  return { submit, flush, close, stats: () => ({ ...counters }) };
}

function checkBallot(b: BallotInput): string | null {
  for (const key of ['debateId', 'pollId', 'participantId'] as const) {
    if (typeof b[key] !== 'string' || b[key].length === 0) return `${key} must be a non-empty string`;
  }
  if (!Array.isArray(b.choices) || !b.choices.every((c) => Number.isSafeInteger(c) && c >= 0)) {
    return 'choices must be non-negative integers';
  }
  if (!Number.isSafeInteger(b.castAt)) return 'castAt must be a timestamp in ms';
  return null;
}

/**
 * One statement per batch, so either every ballot of it is stored or none is. The rows
 * travel as ONE jsonb parameter expanded by jsonb_to_recordset: the statement text is
 * constant (no 65,535 bind-parameter ceiling, no per-size query building, which cost
 * more than the insert itself with 7 parameters per row).
 */
async function writeBatch({ db }: Pick<Database, 'db'>, batch: Pending[]): Promise<boolean> {
  // Postgres refuses to upsert one key twice in a statement: keep the last ballot per
  // voter and remember how many submissions it stands for.
  const byKey = new Map<string, Pending[]>();
  for (const p of batch) {
    const key = `${p.ballot.pollId}\u0000${p.ballot.participantId}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  const rows = [...byKey.values()].map((list) => {
    const last = list[list.length - 1]!;
    const b = last.ballot;
    return {
      debate_id: b.debateId,
      poll_id: b.pollId,
      participant_id: b.participantId,
      choices: b.choices,
      receipt: last.receipt,
      version: list.length,
      cast_at: b.castAt,
    };
  });
  let versions: Map<string, number>;
  try {
    const stored = await queryRows<{ participant_id: string; poll_id: string; version: number }>(
      db,
      sql`insert into ${ballots} (debate_id, poll_id, participant_id, choices, receipt, version, cast_at)
          select debate_id, poll_id, participant_id, choices, receipt, version, cast_at
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
            debate_id text, poll_id text, participant_id text, choices jsonb,
            receipt text, version int, cast_at bigint)
          on conflict (poll_id, participant_id) do update set
            choices = excluded.choices,
            version = ${ballots}.version + excluded.version,
            receipt = excluded.receipt,
            cast_at = excluded.cast_at
          returning participant_id, poll_id, version`,
    );
    versions = new Map(stored.map((r) => [`${r.poll_id}\u0000${r.participant_id}`, Number(r.version)]));
  } catch (err) {
    const pg = pgErrorOf(err);
    const error = new AppError('UNAVAILABLE', `Could not store a batch of ${batch.length} ballots`, {
      reason: pg?.message ?? (err instanceof Error ? err.message : String(err)),
      sqlState: pg?.code,
    });
    for (const p of batch) p.reject(error);
    return false;
  }
  for (const [key, list] of byKey) {
    const final = versions.get(key) ?? list.length;
    list.forEach((p, i) => p.resolve({ receipt: p.receipt, version: final - (list.length - 1 - i) }));
  }
  return true;
}

/** The exact count stored in the database (not the live tally). */
export async function countBallots(
  { db }: Pick<Database, 'db'>,
  pollId: string,
): Promise<{ total: number; byChoice: Record<number, number> }> {
  const [totalRow] = await db.select({ n: sql<number>`count(*)::int` }).from(ballots).where(eq(ballots.pollId, pollId));
  const rows = await queryRows<{ choice: number | string; n: number | string }>(
    db,
    sql`select (c.value)::int as choice, count(*)::int as n
        from ${ballots} b, jsonb_array_elements(b.choices) as c(value)
        where b.poll_id = ${pollId}
        group by 1`,
  );
  const byChoice: Record<number, number> = {};
  for (const r of rows) byChoice[Number(r.choice)] = Number(r.n);
  return { total: Number(totalRow?.n ?? 0), byChoice };
}

export interface StoredBallot {
  participantId: string;
  choices: number[];
  receipt: string;
  version: number;
}

/** Every ballot of a poll, ordered by participant (rebuilds a tally after a restart). */
export async function loadBallots({ db }: Pick<Database, 'db'>, pollId: string): Promise<StoredBallot[]> {
  return db
    .select({
      participantId: ballots.participantId,
      choices: ballots.choices,
      receipt: ballots.receipt,
      version: ballots.version,
    })
    .from(ballots)
    .where(eq(ballots.pollId, pollId))
    .orderBy(asc(ballots.participantId));
}

/**
 * sha256 over the canonical JSON of the (participantId, choices) list sorted by
 * participant id (code-unit order, done here so the database collation plays no part).
 * Published with the results, it lets anyone holding the ballot list check it.
 */
export async function ballotsDigest(database: Pick<Database, 'db'>, pollId: string): Promise<string> {
  const list = (await loadBallots(database, pollId))
    .map((b) => ({ participantId: b.participantId, choices: b.choices }))
    .sort((a, b) => (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0));
  return sha256Hex(canonicalJson(list));
}

export async function findReceipt(
  { db }: Pick<Database, 'db'>,
  pollId: string,
  receipt: string,
): Promise<StoredBallot | null> {
  const [row] = await db
    .select({
      participantId: ballots.participantId,
      choices: ballots.choices,
      receipt: ballots.receipt,
      version: ballots.version,
    })
    .from(ballots)
    .where(and(eq(ballots.pollId, pollId), eq(ballots.receipt, receipt)));
  return row ?? null;
}
