// The debate timeline: an append-only, hash-chained log per debate in `debate_events`.
// Each event's hash covers its content and the previous event's hash, so editing,
// removing or reordering a stored event breaks the chain at that seq (`verify`).
// (The chain cannot reveal that the newest events were cut off: compare `headHash`
// with a copy kept elsewhere, e.g. the one published when the debate ended.)
//
// A single writer per debate is expected (the owner of a live debate). An append given a
// fence (the writer epoch its node took, writer-fence.ts) checks it first in its
// transaction, so a node that lost the debate appends nothing; the primary key
// (debate_id, seq) still turns any second writer into a CONFLICT instead of a fork. The
// projections of the appended events are written in the same transaction. A database
// that is away is UNAVAILABLE (retry), not an internal error.
//
// Every row read becomes a DebateEvent through the event contract (protocol/events/read.ts:
// upcast to today's shape, then parse with the union); a row that does not fit is an
// error naming the debate and the seq, never a half-typed event. The hash chain covers
// rows as stored, so verify hashes the raw row, not its upcast.
//
// A command sent with an idempotency key has its result written in the transaction that
// appends its events (`command_results`): its events and its result are stored together
// or not at all, so whoever runs the debate next finds it (findCommand) and a retry
// returns the first result instead of applying the command twice.
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { AppError } from '../errors.ts';
import type { Actor, DebateEvent } from '../domain/types.ts';
import { readStoredEvent, type StoredEvent } from '../protocol/events/read.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import type { Database } from './client.ts';
import { isUniqueViolation } from './pg-util.ts';
import { unavailableIfAway } from './availability.ts';
import { assertWriterEpoch } from './writer-fence.ts';
import { project } from './projections.ts';
import { commandResults, debateEvents } from './schema.ts';

export { canonicalJson } from './canonical-json.ts';

export interface ChainHead {
  /** seq of the last event, 0 when the log is empty. */
  seq: number;
  /** hash of the last event, '' when the log is empty. */
  hash: string;
}

export interface EventInput {
  at: number;
  actor: Actor;
  type: string;
  payload: unknown;
}

export type ChainBreakReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';

export interface VerifyResult {
  ok: boolean;
  /** Events checked and found valid (all of them when ok). */
  count: number;
  /** Hash of the last valid event ('' if none). */
  headHash: string;
  /**
   * First break. seq_gap: `seq` is the missing seq, expected/actual the seqs;
   * prev_hash_mismatch: the previous event's hash vs the stored prev_hash;
   * hash_mismatch: the recomputed hash vs the stored one.
   */
  brokenAt: null | { seq: number; reason: ChainBreakReason; expected: string; actual: string };
}

/** The writer epoch the appending node holds (writer-fence.ts). */
export interface AppendFence {
  epoch: number;
}

export interface AppendOptions {
  fence?: AppendFence | undefined;
  command?: CommandRecord | undefined;
}

/** A keyed command's record, written with its events (the result is computed from them). */
export interface CommandRecord {
  commandId: string;
  fingerprint: string;
  result(events: DebateEvent[]): unknown;
}

/** What a keyed command left: how to recognise it, and what it answered. */
export interface StoredCommand {
  fingerprint: string;
  result: unknown;
}

export interface EventStore {
  append(debateId: string, head: ChainHead, drafts: EventInput[], opts?: AppendOptions): Promise<DebateEvent[]>;
  findCommand(debateId: string, commandId: string): Promise<StoredCommand | null>;
  load(debateId: string, afterSeq?: number, limit?: number): Promise<DebateEvent[]>;
  head(debateId: string): Promise<ChainHead>;
  verify(debateId: string): Promise<VerifyResult>;
}

const PK = 'debate_events_pkey';
const VERIFY_PAGE = 1000;

export function eventHash(prevHash: string, e: Omit<StoredEvent, 'hash'>): string {
  const content = { debateId: e.debateId, seq: e.seq, at: e.at, actor: e.actor, type: e.type, payload: e.payload };
  return sha256Hex(`${prevHash}\n${canonicalJson(content)}`);
}

export function createEventStore(database: Pick<Database, 'db'>): EventStore {
  const { db } = database;

  async function append(
    debateId: string,
    head: ChainHead,
    drafts: EventInput[],
    { fence, command }: AppendOptions = {},
  ): Promise<DebateEvent[]> {
    if (drafts.length === 0) return [];
    let prevHash = head.hash;
    const rows = drafts.map((d, i) => {
      const unsigned = { debateId, seq: head.seq + 1 + i, at: d.at, actor: d.actor, type: d.type, payload: d.payload };
      const row = { ...unsigned, prevHash, hash: eventHash(prevHash, unsigned) };
      prevHash = row.hash;
      return row;
    });
    try {
      await db.transaction(async (tx) => {
        if (fence) await assertWriterEpoch(tx, debateId, fence.epoch);
        // The caller's head must be the stored head, or the new events would chain onto
        // a hash that is not in the log.
        if (head.seq > 0 || head.hash !== '') {
          const [stored] = await tx
            .select({ hash: debateEvents.hash })
            .from(debateEvents)
            .where(and(eq(debateEvents.debateId, debateId), eq(debateEvents.seq, head.seq)));
          if (!stored || stored.hash !== head.hash) {
            throw new AppError('CONFLICT', `Stale head for debate ${debateId} at seq ${head.seq}`, { head });
          }
        }
        await tx.insert(debateEvents).values(rows);
        for (const row of rows) await project(tx, toEvent(row));
        if (command) {
          await tx.insert(commandResults).values({
            debateId,
            commandId: command.commandId,
            fingerprint: command.fingerprint,
            result: command.result(rows.map(toEvent)),
            seq: rows[rows.length - 1]!.seq,
          });
        }
      });
    } catch (err) {
      if (isUniqueViolation(err, PK)) {
        throw new AppError('CONFLICT', `Another writer appended to debate ${debateId} after seq ${head.seq}`, {
          head,
        });
      }
      throw unavailableIfAway(err);
    }
    return rows.map(toEvent);
  }

  async function load(debateId: string, afterSeq = 0, limit?: number): Promise<DebateEvent[]> {
    const q = db
      .select()
      .from(debateEvents)
      .where(and(eq(debateEvents.debateId, debateId), gt(debateEvents.seq, afterSeq)))
      .orderBy(asc(debateEvents.seq));
    const rows = limit === undefined ? await q : await q.limit(limit);
    return rows.map(toEvent);
  }

  async function findCommand(debateId: string, commandId: string): Promise<StoredCommand | null> {
    try {
      const [row] = await db
        .select({ fingerprint: commandResults.fingerprint, result: commandResults.result })
        .from(commandResults)
        .where(and(eq(commandResults.debateId, debateId), eq(commandResults.commandId, commandId)));
      return row ?? null;
    } catch (err) {
      throw unavailableIfAway(err);
    }
  }

  async function head(debateId: string): Promise<ChainHead> {
    const [row] = await db
      .select({ seq: debateEvents.seq, hash: debateEvents.hash })
      .from(debateEvents)
      .where(eq(debateEvents.debateId, debateId))
      .orderBy(desc(debateEvents.seq))
      .limit(1);
    return row ?? { seq: 0, hash: '' };
  }

  async function verify(debateId: string): Promise<VerifyResult> {
    let count = 0;
    let lastSeq = 0;
    let lastHash = '';
    for (;;) {
      const page = await db
        .select()
        .from(debateEvents)
        .where(and(eq(debateEvents.debateId, debateId), gt(debateEvents.seq, lastSeq)))
        .orderBy(asc(debateEvents.seq))
        .limit(VERIFY_PAGE);
      for (const row of page) {
        const broken = checkRow(row, lastSeq, lastHash);
        if (broken) return { ok: false, count, headHash: lastHash, brokenAt: broken };
        count++;
        lastSeq = row.seq;
        lastHash = row.hash;
      }
      if (page.length < VERIFY_PAGE) return { ok: true, count, headHash: lastHash, brokenAt: null };
    }
  }

  return { append, load, head, verify, findCommand };
}

type EventRow = typeof debateEvents.$inferSelect;

function checkRow(row: EventRow, lastSeq: number, lastHash: string): VerifyResult['brokenAt'] {
  if (row.seq !== lastSeq + 1) {
    return { seq: lastSeq + 1, reason: 'seq_gap', expected: String(lastSeq + 1), actual: String(row.seq) };
  }
  if (row.prevHash !== lastHash) {
    return { seq: row.seq, reason: 'prev_hash_mismatch', expected: lastHash, actual: row.prevHash };
  }
  const recomputed = eventHash(row.prevHash, row);
  if (recomputed !== row.hash) {
    return { seq: row.seq, reason: 'hash_mismatch', expected: recomputed, actual: row.hash };
  }
  return null;
}

/** A stored row as a typed event (see the header); throws INTERNAL when it does not fit. */
function toEvent(row: EventRow): DebateEvent {
  const read = readStoredEvent(row);
  if (read.ok) return read.event;
  throw new AppError('INTERNAL', `Event #${row.seq} of debate ${row.debateId} does not fit the event contract: ${read.reason}`, {
    debateId: row.debateId,
    seq: row.seq,
    type: row.type,
    issues: read.issues,
  });
}
