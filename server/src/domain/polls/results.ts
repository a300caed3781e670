// A poll's results from the exact count of its stored ballots (the database's answer,
// not the live tally): the same shape as the live tally's, so that the result published
// when a poll closes and the one an audit recounts later are built by one rule. Pure.
import { createTally } from './tally.ts';
import type { Poll, PollResults } from './state.ts';

/** Ballots per choice as stored: `total` ballots, `byChoice[choice]` ballots naming it. */
export interface BallotCount {
  total: number;
  byChoice: Record<number, number>;
}

export function resultsFromCount(poll: Pick<Poll, 'kind' | 'options' | 'scaleMax'>, counted: BallotCount): PollResults {
  const { counts: empty, offset } = createTally(poll);
  const counts = empty.map((_, i) => counted.byChoice[i + offset] ?? 0);
  const results: PollResults = { counts, totalBallots: counted.total };
  // A scale ballot holds exactly one value, so the mean is over ballots.
  if (poll.kind === 'scale' && counted.total > 0) {
    results.mean = counts.reduce((sum, n, i) => sum + n * (i + offset), 0) / counted.total;
  }
  return results;
}
