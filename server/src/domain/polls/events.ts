// Payload shapes of the poll events. The database projections (db/projections.ts) and
// the clients read these exact shapes: change them only together with their consumers.
import type { Poll, PollCloseReason, PollResults, PollVisibility } from './state.ts';

export interface PollCreated { poll: Poll }
export interface PollProposed { poll: Poll }
export interface PollApproved {
  pollId: string;
  /** The approved poll (its proposal was only visible to moderators and the proposer). */
  poll?: Poll;
}
export interface PollRejected { pollId: string; reason: string | null }
export interface PollOpened { pollId: string; openedAt: number; closesAt: number | null }
export interface PollClosed {
  pollId: string;
  closedAt: number;
  reason: PollCloseReason;
  results: PollResults;
  /** The poll's visibility, so that the event can be redacted without the state. */
  visibility: PollVisibility;
}

/** poll:proposed as seen by others than moderators and the proposer. */
export interface PollProposedRedacted { pollId: string }
/** poll:closed as seen by a viewer who may not see the results yet. */
export type PollClosedRedacted = Omit<PollClosed, 'results'> & { results: null };

export interface PollsEventPayloads {
  'poll:created': PollCreated;
  'poll:proposed': PollProposed;
  'poll:approved': PollApproved;
  'poll:rejected': PollRejected;
  'poll:opened': PollOpened;
  'poll:closed': PollClosed;
}

export type PollsEventType = keyof PollsEventPayloads;

/** A typed draft: `draft('poll:opened', {...})` checks the payload against its type. */
export function draft<T extends PollsEventType>(type: T, payload: PollsEventPayloads[T]) {
  return { type, payload };
}
