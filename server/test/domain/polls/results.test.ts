// The results of a poll from the database count: the same shape and figures as the live
// tally over the same ballots (the poll desk publishes one, the archive's audit recounts
// the other), zeros for choices nobody picked, and a scale's mean only once there are ballots.
import { describe, expect, it } from 'vitest';
import {
  applyBallot,
  createTally,
  resultsFromCount,
  tallyResults,
  type BallotCount,
  type Poll,
} from '../../../src/domain/polls/index.ts';
import { Harness, MULTIPLE, SCALE, SINGLE } from './fixtures.ts';

function poll(definition: object): Poll {
  const h = new Harness();
  const id = h.create('poll:create', { ...definition, openNow: true });
  return h.state.polls.polls[id]!;
}

/** What `countBallots` answers for these ballots. */
function count(ballots: number[][]): BallotCount {
  const byChoice: Record<number, number> = {};
  for (const b of ballots) for (const c of b) byChoice[c] = (byChoice[c] ?? 0) + 1;
  return { total: ballots.length, byChoice };
}

function live(p: Poll, ballots: number[][]) {
  const tally = createTally(p);
  for (const b of ballots) applyBallot(tally, null, b);
  return tallyResults(tally);
}

describe('resultsFromCount', () => {
  it.each([
    ['single', SINGLE, [[0], [2], [0], [0]]],
    ['multiple', MULTIPLE, [[0, 3], [1], [1, 2, 3]]],
    ['scale', SCALE, [[5], [1], [4], [4]]],
  ])('agrees with the live tally over the same ballots (%s)', (_kind, definition, ballots) => {
    const p = poll(definition);
    expect(resultsFromCount(p, count(ballots))).toEqual(live(p, ballots));
  });

  it('counts choices nobody picked as zero, per option or per scale value', () => {
    expect(resultsFromCount(poll(SINGLE), count([[1]]))).toEqual({ counts: [0, 1, 0], totalBallots: 1 });
    expect(resultsFromCount(poll(SCALE), count([[3], [5]]))).toEqual({ counts: [0, 0, 1, 0, 1], totalBallots: 2, mean: 4 });
  });

  it('gives a scale no mean without ballots', () => {
    const empty = resultsFromCount(poll(SCALE), { total: 0, byChoice: {} });
    expect(empty).toEqual({ counts: [0, 0, 0, 0, 0], totalBallots: 0 });
    expect(empty).not.toHaveProperty('mean');
  });
});
