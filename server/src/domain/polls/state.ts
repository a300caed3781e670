// The live-polls slice of a debate's state: every poll with its lifecycle and, once
// closed, its final results. Ballots are not here (they live in the ballots table and
// in the application layer's tallies). JSON-safe: snapshotted, cloned, rebuilt from the log.
// The poll entity is the protocol's (protocol/events/polls.ts).
import type { Poll } from '../../protocol/events/polls.ts';
import type {
  PollCloseReason,
  PollKind,
  PollResults,
  PollStatus,
  PollVisibility,
  ScaleMax,
} from '../../protocol/polls.ts';

export type { PollCloseReason, PollKind, PollResults, PollStatus, PollVisibility, ScaleMax };
export type { Poll, PollDefinitionFields } from '../../protocol/events/polls.ts';

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
