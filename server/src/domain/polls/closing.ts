// Closing polls. Not a command: the application layer first flushes the pending ballots
// and counts them in the database, then asks for the poll:closed draft carrying that
// exact count. Auto-close is a timer on `closesAt` (server time), so a debate rebuilt
// after a restart closes overdue polls at once.
import { AppError } from '../../errors.ts';
import type { DebateState } from '../state.ts';
import type { EventDraft } from '../types.ts';
import { findPoll } from './ballots.ts';
import { draft } from './events.ts';
import type { Poll, PollCloseReason, PollResults } from './state.ts';
import { choiceCount } from './tally.ts';

export function assertClosable(state: DebateState, pollId: string): Poll {
  const poll = findPoll(state, pollId);
  if (poll.status !== 'open') throw new AppError('POLL_NOT_OPEN', `cannot close a poll that is ${poll.status}`);
  return poll;
}

/** A JSON-clean copy (no undefined `mean`), checked against the poll's shape. */
function cleanResults(poll: Poll, results: PollResults): PollResults {
  if (results.counts.length !== choiceCount(poll)) {
    throw new AppError('INTERNAL', `results of poll "${poll.id}" have ${results.counts.length} counts`, {
      expected: choiceCount(poll),
    });
  }
  const clean: PollResults = { counts: [...results.counts], totalBallots: results.totalBallots };
  if (poll.kind === 'scale' && typeof results.mean === 'number' && Number.isFinite(results.mean)) {
    clean.mean = results.mean;
  }
  return clean;
}

export function closePollDraft(
  state: DebateState,
  pollId: string,
  reason: PollCloseReason,
  results: PollResults,
  now: number,
): EventDraft<'poll:closed'> {
  const poll = assertClosable(state, pollId);
  return draft('poll:closed', {
    pollId,
    closedAt: now,
    reason,
    results: cleanResults(poll, results),
    visibility: poll.visibility,
  });
}

function openWithDeadline(state: DebateState): Poll[] {
  return state.polls.order
    .map((id) => state.polls.polls[id]!)
    .filter((p) => p.status === 'open' && p.closesAt !== null);
}

/** Open polls whose auto-close time has come, earliest first. */
export function duePollCloses(state: DebateState, now: number): string[] {
  return openWithDeadline(state)
    .filter((p) => p.closesAt! <= now)
    .sort((a, b) => a.closesAt! - b.closesAt!)
    .map((p) => p.id);
}

/** Earliest auto-close time of the open polls, or null. */
export function nextWakePolls(state: DebateState): number | null {
  const times = openWithDeadline(state).map((p) => p.closesAt!);
  return times.length ? Math.min(...times) : null;
}
