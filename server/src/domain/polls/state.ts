// The live-polls slice of a debate's state: every poll with its lifecycle and, once
// closed, its final results. Ballots are not here (they live in the ballots table and
// in the application layer's tallies). JSON-safe: snapshotted, cloned, rebuilt from the log.
import type {
  PollCloseReason,
  PollKind,
  PollResults,
  PollStatus,
  PollVisibility,
  ScaleMax,
} from '../../protocol/polls.ts';

export type { PollCloseReason, PollKind, PollResults, PollStatus, PollVisibility, ScaleMax };

/** A poll definition once normalised: fields that do not apply to the kind are null. */
export interface PollDefinitionFields {
  question: string;
  kind: PollKind;
  /** Labels for single/multiple; empty for scale (the values are 1..scaleMax). */
  options: string[];
  /** multiple only. */
  maxChoices: number | null;
  /** scale only. */
  scaleMax: ScaleMax | null;
  anonymous: boolean;
  visibility: PollVisibility;
  autoCloseSeconds: number | null;
}

export interface Poll extends PollDefinitionFields {
  id: string;
  status: PollStatus;
  /** Participant id of whoever created the record (moderator, or the proposer); null for admin/system. */
  createdBy: string | null;
  /** Participant id of the citizen who proposed it; null for a moderator's poll. */
  proposedBy: string | null;
  createdAt: number;
  openedAt: number | null;
  /** openedAt + autoCloseSeconds; null without auto-close. */
  closesAt: number | null;
  closedAt: number | null;
  /** Final results, counted in the database at closing. */
  results: PollResults | null;
  closeReason: PollCloseReason | null;
  rejectReason: string | null;
}

export interface PollsState {
  polls: Record<string, Poll>;
  /** Poll ids in creation order (object key order is not reliable for id-like keys). */
  order: string[];
}

/**
 * A running count for one poll, fed ballot by ballot. `counts[i]` is option i, or for
 * a scale the value i + offset. `sum` (scale) makes the mean derivable without the ballots.
 */
export interface Tally {
  kind: PollKind;
  offset: 0 | 1;
  counts: number[];
  totalBallots: number;
  sum: number;
}
