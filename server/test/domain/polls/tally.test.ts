import { describe, expect, it } from 'vitest';
import {
  applyBallot,
  checkVotable,
  createTally,
  normalizeChoices,
  tallyResults,
  type Poll,
  type Tally,
} from '../../../src/domain/polls/index.ts';
import { citizen, codeOf, Harness, MULTIPLE, SCALE, SINGLE } from './fixtures.ts';

function openPoll(definition: object): { h: Harness; poll: Poll } {
  const h = new Harness();
  const id = h.create('poll:create', { ...definition, openNow: true });
  return { h, poll: h.state.polls.polls[id]! };
}

/** Cast ballots voter by voter as the vote path does: normalise, then fold over the previous one. */
function castAll(poll: Poll, ballots: [string, number[]][]): { tally: Tally; last: Map<string, number[]> } {
  const tally = createTally(poll);
  const last = new Map<string, number[]>();
  for (const [voter, choices] of ballots) {
    const next = normalizeChoices(poll, choices);
    applyBallot(tally, last.get(voter) ?? null, next);
    last.set(voter, next);
  }
  return { tally, last };
}

describe('normalizeChoices', () => {
  const single = openPoll(SINGLE).poll;
  const multiple = openPoll(MULTIPLE).poll;
  const scale = openPoll(SCALE).poll;

  it('canonicalises valid ballots', () => {
    expect(normalizeChoices(single, [2])).toEqual([2]);
    expect(normalizeChoices(multiple, [3, 0])).toEqual([0, 3]);
    expect(normalizeChoices(multiple, [1])).toEqual([1]);
    expect(normalizeChoices(scale, [5])).toEqual([5]);
    expect(normalizeChoices(scale, [1])).toEqual([1]);
  });

  it.each([
    ['single: none', 'single', []],
    ['single: two', 'single', [0, 1]],
    ['single: out of range', 'single', [3]],
    ['single: negative', 'single', [-1]],
    ['single: not an integer', 'single', [0.5]],
    ['multiple: none', 'multiple', []],
    ['multiple: over maxChoices', 'multiple', [0, 1, 2]],
    ['multiple: duplicate', 'multiple', [1, 1]],
    ['multiple: out of range', 'multiple', [0, 4]],
    ['scale: zero', 'scale', [0]],
    ['scale: above scaleMax', 'scale', [6]],
    ['scale: two values', 'scale', [2, 3]],
    ['scale: none', 'scale', []],
  ])('refuses %s', (_label, kind, choices) => {
    const poll = { single, multiple, scale }[kind as 'single']!;
    expect(codeOf(() => normalizeChoices(poll, choices))).toBe('INVALID_CHOICE');
  });

  it('explains the refusal', () => {
    expect(() => normalizeChoices(multiple, [0, 1, 2])).toThrow('choose between 1 and 2 options');
    expect(() => normalizeChoices(scale, [6])).toThrow('between 1 and 5');
    expect(() => normalizeChoices(single, [7])).toThrow('option 7 does not exist');
  });
});

describe('tally', () => {
  it('single: a changed ballot moves the vote, the last one counts', () => {
    const { poll } = openPoll(SINGLE);
    const { tally } = castAll(poll, [
      ['a', [0]],
      ['b', [0]],
      ['c', [1]],
      ['a', [1]],
      ['a', [2]],
      ['b', [0]],
    ]);
    expect(tallyResults(tally)).toEqual({ counts: [1, 1, 1], totalBallots: 3 });
  });

  it('multiple: counts each ticked option, totals count voters', () => {
    const { poll } = openPoll(MULTIPLE);
    const { tally } = castAll(poll, [
      ['a', [0, 1]],
      ['b', [1, 2]],
      ['c', [3]],
      ['a', [2, 3]],
    ]);
    expect(tallyResults(tally)).toEqual({ counts: [0, 1, 2, 2], totalBallots: 3 });
  });

  it('scale: counts per value and the mean of the last ballots', () => {
    const { poll } = openPoll(SCALE);
    const empty = createTally(poll);
    expect(tallyResults(empty)).toEqual({ counts: [0, 0, 0, 0, 0], totalBallots: 0 });
    const { tally } = castAll(poll, [
      ['a', [5]],
      ['b', [1]],
      ['c', [3]],
      ['b', [4]],
    ]);
    expect(tallyResults(tally)).toEqual({ counts: [0, 0, 1, 1, 1], totalBallots: 3, mean: 4 });
  });

  it('a scale of 10 has ten counters', () => {
    const { poll } = openPoll({ ...SCALE, scaleMax: 10 });
    const { tally } = castAll(poll, [['a', [10]]]);
    expect(tallyResults(tally)).toEqual({ counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], totalBallots: 1, mean: 10 });
  });

  it('many changed ballots equal a count of the final ballots (no double counting)', () => {
    const { poll } = openPoll(MULTIPLE);
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 48_271) % 2_147_483_647; // Park-Miller: exact in doubles
      return seed % n;
    };
    const ballots: [string, number[]][] = [];
    for (let i = 0; i < 2000; i++) {
      const first = rand(4);
      const choices = rand(2) ? [first] : [first, (first + 1 + rand(3)) % 4];
      ballots.push([`v${rand(150)}`, choices]);
    }
    const { tally, last } = castAll(poll, ballots);
    const expected = [0, 0, 0, 0];
    for (const choices of last.values()) for (const c of choices) expected[c]! += 1;
    expect(tallyResults(tally)).toEqual({ counts: expected, totalBallots: last.size });
    expect(tally.counts.every((n) => n >= 0)).toBe(true);
  });

  it('a ballot outside the poll leaves the tally untouched', () => {
    const { poll } = openPoll(SINGLE);
    const tally = createTally(poll);
    applyBallot(tally, null, [1]);
    const before = structuredClone(tally);
    expect(codeOf(() => applyBallot(tally, [1], [9]))).toBe('INVALID_CHOICE');
    expect(tally).toEqual(before);
  });

  it('is JSON-safe', () => {
    const { poll } = openPoll(SCALE);
    const { tally } = castAll(poll, [['a', [2]]]);
    expect(JSON.parse(JSON.stringify(tally))).toEqual(tally);
    expect(JSON.parse(JSON.stringify(tallyResults(tally)))).toEqual(tallyResults(tally));
  });
});

describe('checkVotable', () => {
  it('only an open poll takes ballots', () => {
    const h = new Harness();
    const proposed = h.create('poll:propose', SINGLE, citizen('c1'));
    const draft = h.create('poll:create', SINGLE);
    const rejected = h.create('poll:propose', SINGLE, citizen('c1'));
    h.run('poll:reject', { pollId: rejected });
    const open = h.create('poll:create', { ...SINGLE, openNow: true });
    const closed = h.create('poll:create', { ...SINGLE, openNow: true });
    h.close(closed, { counts: [0, 0, 0], totalBallots: 0 });

    expect(checkVotable(h.state, open).id).toBe(open);
    expect(codeOf(() => checkVotable(h.state, 'nope'))).toBe('POLL_NOT_FOUND');
    expect(codeOf(() => checkVotable(h.state, proposed))).toBe('POLL_NOT_OPEN');
    expect(codeOf(() => checkVotable(h.state, draft))).toBe('POLL_NOT_OPEN');
    expect(codeOf(() => checkVotable(h.state, closed))).toBe('POLL_CLOSED');
    expect(codeOf(() => checkVotable(h.state, rejected))).toBe('POLL_CLOSED');
  });

  it('with the time, a poll past its auto-close is closed to voters before the timer fires', () => {
    const h = new Harness();
    const id = h.create('poll:create', { ...SINGLE, autoCloseSeconds: 10, openNow: true });
    const closesAt = h.state.polls.polls[id]!.closesAt!;
    expect(checkVotable(h.state, id, closesAt - 1).id).toBe(id);
    expect(codeOf(() => checkVotable(h.state, id, closesAt))).toBe('POLL_CLOSED');
  });
});
