// What one fault phase must show, computed from what the clients were told and what the
// database holds: per voter, the stored ballot is the last acknowledged one (none stale,
// none missing, none applied twice, versions in the order sent); every acknowledged
// question stored once and no question stored twice; the poll's result is its rows.
import type { AckResult } from './crowd.ts';

export interface BallotAttempt {
  key: string;
  result: AckResult;
}

export interface StoredBallot {
  participant_id: string;
  choices: number[];
  version: number;
}

export interface VoterFigures {
  voters: number;
  /** Counted with an older acknowledged ballot than the last one acknowledged. */
  stale: number;
  /** An acknowledged ballot, and no row at all. */
  missing: number;
  /** Stored version above what the acks allow (a ballot applied twice). */
  doubled: number;
  /** Acknowledged versions not increasing in the order the ballots were sent. */
  outOfOrder: number;
  /** The stored ballot is one whose ack was a refusal (not an unknown outcome). */
  refusedButStored: number;
  /** The stored ballot is one whose outcome the client could not know (no ack, or an RPC timeout that says so): allowed. */
  unackedStored: number;
  /** Stored choices that this voter never sent. */
  alien: number;
}

/** No ack, or an ack that says the command may still be applied (RPC timeout): the client cannot know. */
export const outcomeUnknown = (r: AckResult) => r.code === 'NO_ACK' || r.data?.details?.reason === 'rpc_timeout';

export const choicesKey = (choices: readonly number[]) => [...choices].sort((a, b) => a - b).join(',');

export function checkVoters(attempts: Map<string, BallotAttempt[]>, rows: StoredBallot[]): VoterFigures {
  const stored = new Map(rows.map((r) => [r.participant_id, r]));
  const f: VoterFigures = { voters: 0, stale: 0, missing: 0, doubled: 0, outOfOrder: 0, refusedButStored: 0, unackedStored: 0, alien: 0 };
  for (const [voter, list] of attempts) {
    if (list.length === 0) continue;
    f.voters++;
    const acked = list.filter((a) => a.result.ok);
    const versions = acked.map((a) => Number(a.result.data?.version));
    if (versions.some((v, i) => i > 0 && !(v > versions[i - 1]!))) f.outOfOrder++;
    const row = stored.get(voter);
    const lastAckedIndex = list.findLastIndex((a) => a.result.ok);
    if (!row) {
      if (lastAckedIndex >= 0) f.missing++;
      continue;
    }
    if (row.version > list.length) f.doubled++;
    const key = choicesKey(row.choices);
    const index = list.findLastIndex((a) => a.key === key);
    if (index < 0) f.alien++;
    else if (index < lastAckedIndex) f.stale++;
    else if (index === lastAckedIndex) {
      if (row.version !== versions[versions.length - 1]) f.doubled++;
    } else if (outcomeUnknown(list[index]!.result)) f.unackedStored++;
    else f.refusedButStored++;
  }
  return f;
}

export interface QuestionFigures {
  asked: number;
  acked: number;
  /** Texts stored more than once. */
  doubled: number;
  /** Acknowledged, not stored. */
  missing: number;
  /** Refused (an error ack), yet stored. */
  refusedButStored: number;
  /** Outcome unknown to the client (no ack, RPC timeout), stored once: allowed. */
  unknownStored: number;
}

export function checkQuestions(sent: Map<string, AckResult>, storedTexts: string[]): QuestionFigures {
  const counts = new Map<string, number>();
  for (const t of storedTexts) counts.set(t, (counts.get(t) ?? 0) + 1);
  const f: QuestionFigures = { asked: sent.size, acked: 0, doubled: 0, missing: 0, refusedButStored: 0, unknownStored: 0 };
  for (const [text, r] of sent) {
    const n = counts.get(text) ?? 0;
    if (n > 1) f.doubled++;
    if (r.ok) {
      f.acked++;
      if (n === 0) f.missing++;
    } else if (n > 0 && outcomeUnknown(r)) f.unknownStored++;
    else if (n > 0) f.refusedButStored++;
  }
  return f;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
