// The vote path's domain checks. Ballots are not events (they go to the ballots table
// with group commit), so these are plain functions the application layer calls before
// storing a ballot: is the poll open, and is the ballot well-formed for its kind.
import { AppError } from '../../errors.ts';
import type { DebateState } from '../state.ts';
import type { Poll } from './state.ts';

export function findPoll(state: DebateState, pollId: string): Poll {
  const poll = Object.hasOwn(state.polls.polls, pollId) ? state.polls.polls[pollId] : undefined;
  if (!poll) throw new AppError('POLL_NOT_FOUND', `no poll "${pollId}" in this debate`);
  return poll;
}

/**
 * The poll a ballot may be cast in. With `now`, a poll whose auto-close time has passed
 * is already closed for voters, even if the timer has not fired yet.
 */
export function checkVotable(state: DebateState, pollId: string, now?: number): Poll {
  const poll = findPoll(state, pollId);
  if (poll.status === 'closed' || poll.status === 'rejected') {
    throw new AppError('POLL_CLOSED', 'this poll is closed');
  }
  if (poll.status !== 'open') throw new AppError('POLL_NOT_OPEN', 'this poll is not open yet');
  if (now !== undefined && poll.closesAt !== null && poll.closesAt <= now) {
    throw new AppError('POLL_CLOSED', 'this poll is closed');
  }
  return poll;
}

function invalid(message: string): AppError {
  return new AppError('INVALID_CHOICE', message);
}

/**
 * Validate a ballot and return its canonical form (ascending, so that equal ballots
 * are stored and hashed identically). Indices are 0-based options; a scale ballot is
 * the chosen value itself.
 */
export function normalizeChoices(
  poll: Pick<Poll, 'kind' | 'maxChoices' | 'scaleMax'> & { options: readonly unknown[] },
  choices: readonly number[],
): number[] {
  if (!choices.every((c) => Number.isInteger(c))) throw invalid('choices must be integers');
  const sorted = [...choices].sort((a, b) => a - b);
  if (sorted.some((c, i) => i > 0 && c === sorted[i - 1])) throw invalid('a choice may appear only once');

  if (poll.kind === 'scale') {
    const max = poll.scaleMax ?? 0;
    if (sorted.length !== 1) throw invalid('choose exactly one value');
    const value = sorted[0]!;
    if (value < 1 || value > max) throw invalid(`the value must be between 1 and ${max}`);
    return sorted;
  }

  const n = poll.options.length;
  const bad = sorted.find((c) => c < 0 || c >= n);
  if (bad !== undefined) throw invalid(`option ${bad} does not exist (options are 0 to ${n - 1})`);
  if (poll.kind === 'single') {
    if (sorted.length !== 1) throw invalid('choose exactly one option');
    return sorted;
  }
  const max = poll.maxChoices ?? n;
  if (sorted.length < 1 || sorted.length > max) {
    throw invalid(`choose between 1 and ${max} option${max > 1 ? 's' : ''}`);
  }
  return sorted;
}
