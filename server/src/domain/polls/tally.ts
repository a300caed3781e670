// The tally engine: counts ballots incrementally, one ballot per voter. A changed
// ballot first takes back the voter's previous choices, so only the last ballot counts
// and nobody is counted twice. The application layer keeps one Tally per open poll and
// the previous ballot of each voter; the final result is recounted in the database.
import { AppError } from '../../errors.ts';
import type { Poll, PollResults, Tally } from './state.ts';

/** Number of counters of a poll: its options, or its scale values 1..scaleMax. */
export function choiceCount(poll: Pick<Poll, 'kind' | 'options' | 'scaleMax'>): number {
  return poll.kind === 'scale' ? (poll.scaleMax ?? 0) : poll.options.length;
}

export function createTally(poll: Pick<Poll, 'kind' | 'options' | 'scaleMax'>): Tally {
  return {
    kind: poll.kind,
    offset: poll.kind === 'scale' ? 1 : 0,
    counts: new Array<number>(choiceCount(poll)).fill(0),
    totalBallots: 0,
    sum: 0,
  };
}

function slot(tally: Tally, choice: number): number {
  const i = choice - tally.offset;
  if (!Number.isInteger(i) || i < 0 || i >= tally.counts.length) {
    throw new AppError('INVALID_CHOICE', `choice ${choice} is outside this poll`);
  }
  return i;
}

function add(tally: Tally, choices: readonly number[], sign: 1 | -1): void {
  for (const c of choices) {
    const i = slot(tally, c);
    tally.counts[i] = tally.counts[i]! + sign;
    if (tally.kind === 'scale') tally.sum += sign * c;
  }
  tally.totalBallots += sign;
}

/**
 * Fold one (normalised) ballot. `previous` is the voter's ballot already counted, or
 * null for a first ballot. Both are checked before anything changes, so a bad ballot
 * leaves the tally untouched.
 */
export function applyBallot(tally: Tally, previous: readonly number[] | null, next: readonly number[]): void {
  for (const c of previous ?? []) slot(tally, c);
  for (const c of next) slot(tally, c);
  if (previous !== null) add(tally, previous, -1);
  add(tally, next, 1);
}

export function tallyResults(tally: Tally): PollResults {
  const results: PollResults = { counts: [...tally.counts], totalBallots: tally.totalBallots };
  if (tally.kind === 'scale' && tally.totalBallots > 0) results.mean = tally.sum / tally.totalBallots;
  return results;
}
