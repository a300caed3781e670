import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/protocol/common.ts';
import type { DebateStatus } from '../../../src/protocol/modalities.ts';
import type { PollVisibility } from '../../../src/protocol/polls.ts';
import {
  redactPollsEvent,
  resultsVisibleTo,
  viewPolls,
  type Poll,
  type PollStatus,
} from '../../../src/domain/polls/index.ts';
import { ofType } from '../../helpers/events.ts';
import { citizen, Harness, SINGLE, viewer } from './fixtures.ts';

const RESULTS = { counts: [2, 1, 0], totalBallots: 3 };

function poll(visibility: PollVisibility, status: PollStatus): Poll {
  const h = new Harness();
  const id = h.create('poll:create', { ...SINGLE, visibility, openNow: status !== 'draft' });
  if (status === 'closed') h.close(id, RESULTS);
  return h.state.polls.polls[id]!;
}

describe('resultsVisibleTo', () => {
  // [visibility, poll status, debate status, role] -> visible to a non-moderator
  const cases: [PollVisibility, PollStatus, DebateStatus, boolean][] = [
    ['live', 'open', 'live', true],
    ['live', 'closed', 'live', true],
    ['live', 'closed', 'ended', true],
    ['after_close', 'open', 'live', false],
    ['after_close', 'closed', 'live', true],
    ['after_close', 'closed', 'ended', true],
    ['hidden', 'open', 'live', false],
    ['hidden', 'closed', 'live', false],
    ['hidden', 'closed', 'ended', true],
    ['hidden', 'closed', 'archived', true],
  ];
  const citizens: Role[] = ['participant', 'speaker', 'display'];

  it.each(cases)('%s poll, %s, debate %s: citizens see results = %s, moderators always', (vis, status, debate, expected) => {
    const p = poll(vis, status);
    expect(resultsVisibleTo(p, viewer('moderator', 'mod'), debate)).toBe(true);
    for (const role of citizens) expect(resultsVisibleTo(p, viewer(role, role === 'display' ? null : 'c1'), debate)).toBe(expected);
  });
});

describe('viewPolls', () => {
  function setup() {
    const h = new Harness();
    const proposed = h.create('poll:propose', SINGLE, citizen('c1'));
    const rejected = h.create('poll:propose', SINGLE, citizen('c1'));
    h.run('poll:reject', { pollId: rejected, reason: 'doublon' });
    const live = h.create('poll:create', { ...SINGLE, openNow: true });
    const afterClose = h.create('poll:create', { ...SINGLE, visibility: 'after_close', openNow: true });
    const hidden = h.create('poll:create', { ...SINGLE, visibility: 'hidden', openNow: true });
    const closedHidden = h.create('poll:create', { ...SINGLE, visibility: 'hidden', openNow: true });
    h.close(closedHidden, RESULTS);
    const draft = h.create('poll:create', SINGLE);
    const tallies = { [live]: { counts: [1, 0, 0], totalBallots: 1 }, [afterClose]: RESULTS, [hidden]: RESULTS };
    return { h, proposed, rejected, live, afterClose, hidden, closedHidden, draft, tallies };
  }

  it('moderators see every poll and every result', () => {
    const s = setup();
    const v = viewPolls(s.h.state, viewer('moderator', 'mod'), s.tallies, {});
    expect(v.polls.map((p) => p.id)).toEqual(s.h.state.polls.order);
    const byId = Object.fromEntries(v.polls.map((p) => [p.id, p]));
    expect(byId[s.live]!.results).toEqual({ counts: [1, 0, 0], totalBallots: 1 });
    expect(byId[s.hidden]!.results).toEqual(RESULTS);
    expect(byId[s.closedHidden]!.results).toEqual(RESULTS);
    expect(byId[s.draft]!.results).toBeNull();
  });

  it('proposals are shown to their proposer only; results follow visibility', () => {
    const s = setup();
    const mine = viewPolls(s.h.state, viewer('participant', 'c1'), s.tallies, { [s.live]: [0] });
    const other = viewPolls(s.h.state, viewer('participant', 'c2'), s.tallies, {});
    expect(mine.polls.map((p) => p.id)).toContain(s.proposed);
    expect(mine.polls.find((p) => p.id === s.rejected)).toMatchObject({ status: 'rejected', rejectReason: 'doublon' });
    expect(other.polls.map((p) => p.id)).toEqual([s.live, s.afterClose, s.hidden, s.closedHidden, s.draft]);

    const byId = Object.fromEntries(other.polls.map((p) => [p.id, p]));
    expect(byId[s.live]!.results).toEqual({ counts: [1, 0, 0], totalBallots: 1 });
    expect(byId[s.afterClose]!.results).toBeNull();
    expect(byId[s.hidden]!.results).toBeNull();
    expect(byId[s.closedHidden]!.results).toBeNull();
    expect(mine.polls.find((p) => p.id === s.live)!.myBallot).toEqual([0]);
    expect(byId[s.live]!.myBallot).toBeNull();
  });

  it('an open poll without ballots shows empty counts; hidden results appear once the debate ended', () => {
    const s = setup();
    const v = viewPolls(s.h.state, viewer('display'), {}, {});
    expect(v.polls.find((p) => p.id === s.live)!.results).toEqual({ counts: [0, 0, 0], totalBallots: 0 });
    s.h.state.status = 'ended';
    const after = viewPolls(s.h.state, viewer('display'), {}, {});
    expect(after.polls.find((p) => p.id === s.closedHidden)!.results).toEqual(RESULTS);
  });

  it('is a copy, not a window on the live state', () => {
    const s = setup();
    const v = viewPolls(s.h.state, viewer('moderator', 'mod'), s.tallies, {});
    v.polls[0]!.options.push('x');
    expect(s.h.state.polls.polls[v.polls[0]!.id]!.options).toHaveLength(3);
  });
});

describe('redactPollsEvent', () => {
  it('reduces a proposal to its id for others, keeps the seq', () => {
    const h = new Harness();
    const [event] = h.run('poll:propose', SINGLE, citizen('c1'));
    const id = h.state.polls.order[0]!;
    expect(redactPollsEvent(event!, viewer('moderator', 'mod'))).toBe(event);
    expect(redactPollsEvent(event!, viewer('participant', 'c1'))).toBe(event);
    for (const v of [viewer('participant', 'c2'), viewer('display'), viewer('speaker', 'guest_alice')]) {
      const r = redactPollsEvent(event!, v);
      expect(r).toEqual({ ...event, payload: { pollId: id } });
      expect(r.seq).toBe(event!.seq);
    }
    expect(ofType(event, 'poll:proposed').payload.poll.question).toBe(SINGLE.question);
  });

  it('removes the results of a hidden poll from poll:closed for citizens', () => {
    const h = new Harness();
    const hidden = h.create('poll:create', { ...SINGLE, visibility: 'hidden', openNow: true });
    const [closed] = h.close(hidden, RESULTS);
    const r = redactPollsEvent(closed!, viewer('participant', 'c1'));
    expect(r.seq).toBe(closed!.seq);
    expect(r.payload).toEqual({ pollId: hidden, closedAt: h.clock.now(), reason: 'moderator', results: null, visibility: 'hidden' });
    expect(redactPollsEvent(closed!, viewer('moderator', 'mod'))).toBe(closed);
  });

  it('leaves poll:closed of live and after_close polls, and other events, untouched', () => {
    const h = new Harness();
    for (const visibility of ['live', 'after_close'] as const) {
      const id = h.create('poll:create', { ...SINGLE, visibility, openNow: true });
      const [closed] = h.close(id, RESULTS);
      expect(redactPollsEvent(closed!, viewer('display'))).toBe(closed);
    }
    for (const e of h.events.filter((x) => x.type !== 'poll:closed')) {
      expect(redactPollsEvent(e, viewer('participant', 'c9'))).toBe(e);
    }
  });
});
