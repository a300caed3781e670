// Ballots: the hot path of a vote storm. Every ballot is durable before its
// submitter's promise resolves, yet thousands per second go through because writes
// are group-committed: submissions queue up, one flush at a time writes the whole
// pending batch as one multi-row upsert, and everything that arrives meanwhile forms
// the next batch. Throughput grows with load instead of being capped by round trips.
//
// Any node writes the ballots it receives (no forwarding to the debate's owner), so what
// makes them consistent is in the one statement that stores a batch:
// - the poll gate: a ballot is stored only while its poll row says open, not past its
//   auto-close time and not being closed (`ballots_closed_at`, set by the owner before it
//   counts); the poll row is locked FOR SHARE by the statement, so the owner's gate waits
//   for batches in flight and no batch passes after it: the close counts exactly the rows;
// - the voter's order: a ballot carrying the voter's own sequence number (`client_seq`)
//   replaces the stored one only if its number is higher; the same number and choices is a
//   retry (acknowledged again with the stored version), a lower one BALLOT_SUPERSEDED;
// - `version` is assigned by the database in that statement (stored + 1, or + n for n
//   unnumbered ballots of one voter in a batch), so acks follow the stored order.
// The receipt (sha256 of the canonical ballot) lets a voter check later that the
// ballot counted is theirs (findReceipt, ballotsDigest).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../errors.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import type { Database } from './client.ts';
import { pgErrorOf, queryRows } from './pg-util.ts';
import { ballots, polls } from './schema.ts';

export interface BallotInput {
  debateId: string;
  pollId: string;
  participantId: string;
  choices: number[];
  castAt: number;
  /** The voter's own sequence number of this ballot; absent or 0: counted in arrival order. */
  clientSeq?: number | undefined;
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
  if (b.clientSeq !== undefined && !(Number.isSafeInteger(b.clientSeq) && b.clientSeq >= 0)) return 'clientSeq must be a non-negative integer';
  return null;
}

/**
 * One statement per batch, so either every ballot of it that passes the gate is stored or
 * none is. The rows travel as ONE jsonb parameter expanded by jsonb_to_recordset: the
 * statement text is constant (no 65,535 bind-parameter ceiling, no per-size query
 * building, which cost more than the insert itself with 8 parameters per row).
 */
async function writeBatch({ db }: Pick<Database, 'db'>, batch: Pending[]): Promise<boolean> {
  // Postgres refuses to upsert one key twice in a statement: one row per voter and poll,
  // the ballot numbered highest (the last one sent), standing for the unnumbered ones.
  const byKey = new Map<string, Pending[]>();
  for (const p of batch) {
    const key = `${p.ballot.pollId}\u0000${p.ballot.participantId}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  const groups = [...byKey.entries()].map(([key, list]) => {
    // Stable: equal numbers keep their arrival order, the last one wins.
    const ordered = [...list].sort((a, b) => seqOf(a) - seqOf(b));
    const winner = ordered[ordered.length - 1]!;
    const unnumbered = ordered.filter((p) => p !== winner && seqOf(p) === 0);
    return { key, winner, ordered, unnumbered };
  });
  const rows = groups.map(({ winner, unnumbered }) => ({
    debate_id: winner.ballot.debateId,
    poll_id: winner.ballot.pollId,
    participant_id: winner.ballot.participantId,
    choices: winner.ballot.choices,
    receipt: winner.receipt,
    version: 1 + unnumbered.length,
    cast_at: winner.ballot.castAt,
    client_seq: seqOf(winner),
  }));
  let stored: Map<string, number>;
  let refused: Map<string, Refusal>;
  try {
    const json = JSON.stringify(rows);
    const written = await queryRows<{ participant_id: string; poll_id: string; version: number }>(
      db,
      sql`with x as (
            select * from jsonb_to_recordset(${json}::jsonb) as x(
              debate_id text, poll_id text, participant_id text, choices jsonb,
              receipt text, version int, cast_at bigint, client_seq bigint)
          ), gated as (
            select x.* from x join ${polls} p on p.id = x.poll_id and p.debate_id = x.debate_id
            where p.status = 'open' and p.ballots_closed_at is null and (p.closes_at is null or p.closes_at > x.cast_at)
            for share of p
          )
          insert into ${ballots} (debate_id, poll_id, participant_id, choices, receipt, version, cast_at, client_seq)
          select debate_id, poll_id, participant_id, choices, receipt, version, cast_at, client_seq from gated
          on conflict (poll_id, participant_id) do update set
            choices = excluded.choices,
            version = ${ballots}.version + excluded.version,
            receipt = excluded.receipt,
            cast_at = excluded.cast_at,
            client_seq = greatest(excluded.client_seq, ${ballots}.client_seq)
          where excluded.client_seq = 0 or excluded.client_seq > ${ballots}.client_seq
          returning participant_id, poll_id, version`,
    );
    stored = new Map(written.map((r) => [`${r.poll_id}\u0000${r.participant_id}`, Number(r.version)]));
    const missing = rows.filter((r) => !stored.has(`${r.poll_id}\u0000${r.participant_id}`));
    refused = missing.length === 0 ? new Map() : await whyNotStored(db, missing);
  } catch (err) {
    const pg = pgErrorOf(err);
    const error = new AppError('UNAVAILABLE', `Could not store a batch of ${batch.length} ballots`, {
      reason: pg?.message ?? (err instanceof Error ? err.message : String(err)),
      sqlState: pg?.code,
      retryAfterMs: 1000,
    });
    for (const p of batch) p.reject(error);
    return false;
  }
  for (const { key, winner, ordered, unnumbered } of groups) {
    const version = stored.get(key);
    const refusal = refused.get(key);
    for (const p of ordered) {
      if (version === undefined) {
        // Not stored: a retry of what is stored gets the stored ack; anything else is refused.
        if (refusal?.kind === 'stored' && p !== winner && !sameBallot(p, winner)) p.reject(superseded(p));
        else if (refusal?.kind === 'stored') p.resolve(refusal.ack);
        else p.reject(refusal?.error ?? new AppError('INTERNAL', 'ballot neither stored nor refused'));
      } else if (p === winner || (seqOf(p) > 0 && sameBallot(p, winner))) {
        p.resolve({ receipt: winner.receipt, version });
      } else if (seqOf(p) === 0) {
        // An unnumbered ballot overwritten in the same batch: it was a version too.
        p.resolve({ receipt: p.receipt, version: version - (unnumbered.length - unnumbered.indexOf(p)) });
      } else {
        p.reject(superseded(p));
      }
    }
  }
  return true;
}

const seqOf = (p: Pending) => p.ballot.clientSeq ?? 0;
const sameBallot = (a: Pending, b: Pending) => seqOf(a) === seqOf(b) && sameChoices(a.ballot.choices, b.ballot.choices);
const sameChoices = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((c, i) => c === b[i]);
const superseded = (p: Pending) =>
  new AppError('BALLOT_SUPERSEDED', `A ballot numbered above ${seqOf(p)} is already stored for this poll`, { seq: seqOf(p) });

type Refusal = { kind: 'stored'; ack: BallotAck } | { kind: 'refused'; error: AppError };

/** Rows the statement did not store: a retry of the stored ballot, a closed gate, or superseded. */
async function whyNotStored(
  db: Database['db'],
  rows: { debate_id: string; poll_id: string; participant_id: string; choices: number[]; cast_at: number; client_seq: number }[],
): Promise<Map<string, Refusal>> {
  const found = await queryRows<{
    poll_id: string;
    participant_id: string;
    debate_id: string | null;
    status: string | null;
    ballots_closed_at: number | string | null;
    closes_at: number | string | null;
    client_seq: number | string | null;
    version: number | null;
    receipt: string | null;
    choices: number[] | null;
  }>(
    db,
    sql`select x.poll_id, x.participant_id, p.debate_id, p.status, p.ballots_closed_at, p.closes_at,
               b.client_seq, b.version, b.receipt, b.choices
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(poll_id text, participant_id text)
        left join ${polls} p on p.id = x.poll_id
        left join ${ballots} b on b.poll_id = x.poll_id and b.participant_id = x.participant_id`,
  );
  const byKey = new Map(found.map((f) => [`${f.poll_id}\u0000${f.participant_id}`, f]));
  const out = new Map<string, Refusal>();
  for (const r of rows) {
    const key = `${r.poll_id}\u0000${r.participant_id}`;
    const f = byKey.get(key);
    const refuse = (code: 'POLL_NOT_FOUND' | 'POLL_CLOSED' | 'POLL_NOT_OPEN' | 'BALLOT_SUPERSEDED' | 'IDEMPOTENCY_KEY_REUSED', message: string) =>
      out.set(key, { kind: 'refused', error: new AppError(code, message) });
    if (f?.version != null && r.client_seq > 0 && Number(f.client_seq) === r.client_seq) {
      if (sameChoices(f.choices ?? [], r.choices)) out.set(key, { kind: 'stored', ack: { receipt: f.receipt!, version: f.version } });
      else refuse('IDEMPOTENCY_KEY_REUSED', `Ballot ${r.client_seq} was already stored with other choices`);
    } else if (!f || f.debate_id !== r.debate_id) refuse('POLL_NOT_FOUND', `no poll "${r.poll_id}" in this debate`);
    else if (f.status === 'closed' || f.status === 'rejected' || f.ballots_closed_at !== null || (f.closes_at !== null && Number(f.closes_at) <= r.cast_at)) {
      refuse('POLL_CLOSED', 'this poll is closed');
    } else if (f.status !== 'open') refuse('POLL_NOT_OPEN', 'this poll is not open yet');
    else refuse('BALLOT_SUPERSEDED', `A ballot numbered above ${r.client_seq} is already stored for this poll`);
  }
  return out;
}

/** Before counting a poll's final result: no ballot is stored after this (see the header). */
export async function closeBallotGate({ db }: Pick<Database, 'db'>, pollId: string, at: number): Promise<void> {
  await db.execute(sql`update ${polls} set ballots_closed_at = coalesce(ballots_closed_at, ${at}) where id = ${pollId}`);
}

/** What a node needs to check a ballot itself: the poll's debate and definition (never changes). */
export interface BallotPoll {
  debateId: string;
  kind: string;
  options: unknown[];
  maxChoices: number | null;
  scaleMax: number | null;
}

export async function findBallotPoll({ db }: Pick<Database, 'db'>, pollId: string): Promise<BallotPoll | null> {
  const [row] = await db
    .select({ debateId: polls.debateId, kind: polls.kind, options: polls.options, maxChoices: polls.maxChoices, scaleMax: polls.scaleMax })
    .from(polls)
    .where(eq(polls.id, pollId));
  return row ?? null;
}

/** A voter's stored ballots in the given polls (their snapshot's `myBallots`). */
export async function ballotsOfVoter(
  { db }: Pick<Database, 'db'>,
  pollIds: string[],
  participantId: string,
): Promise<Record<string, number[]>> {
  if (pollIds.length === 0) return {};
  const rows = await db
    .select({ pollId: ballots.pollId, choices: ballots.choices })
    .from(ballots)
    .where(and(inArray(ballots.pollId, pollIds), eq(ballots.participantId, participantId)));
  return Object.fromEntries(rows.map((r) => [r.pollId, r.choices]));
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
