import { describe, expect, it } from 'vitest';
import { applyQuestions } from '../../../src/domain/questions/index.ts';
import { ofType } from '../../helpers/events.ts';
import { citizen, Harness, makeState, replay, SINGLE } from './fixtures.ts';

describe('replaying the log', () => {
  it('rebuilds the same questions, contributions, turns and polls', () => {
    const h = new Harness();
    const q1 = h.create('question:ask', { text: 'Q1' }, citizen('a'));
    const q2 = h.create('question:ask', { text: 'Q2' }, citizen('b'));
    h.run('question:approve', { questionId: q1 });
    h.clock.advance(1_000);
    h.run('question:upvote', { questionId: q1 }, citizen('b'));
    h.run('question:upvote', { questionId: q1 }, citizen('c'));
    h.run('question:hide', { questionId: q2 });
    h.run('question:answer', { questionId: q1 });
    const c1 = h.create('contribution:submit', { text: 'C1', group: 'pour' }, citizen('a'));
    const c2 = h.create('contribution:submit', { text: 'C2' }, citizen('b'));
    h.clock.advance(2_000);
    h.run('contribution:read', { contributionId: c1, seconds: 30 });
    h.run('contribution:dismiss', { contributionId: c2 });
    const poll = h.create('poll:create', { ...SINGLE, openNow: true });
    h.clock.advance(30_000);
    h.run('floor:end', {});
    h.close(poll, { counts: [1, 0, 0], totalBallots: 1 });

    const rebuilt = replay(h.state, h.events);
    expect(rebuilt.questions).toEqual(h.state.questions);
    expect(rebuilt.turns).toEqual(h.state.turns);
    expect(rebuilt.polls).toEqual(h.state.polls);
    expect(rebuilt.turns.turns[0]).toMatchObject({ mode: 'written', contributionId: c1 });
  });

  it('does not alias the event payload and ignores unknown ids', () => {
    const h = new Harness();
    const [asked] = h.run('question:ask', { text: 'Q' }, citizen('a'));
    const state = makeState();
    applyQuestions(state, asked!);
    ofType(asked, 'question:asked').payload.question.voters.push('x');
    const before = structuredClone(state.questions);
    expect(before.questions[before.questionOrder[0]!]!.voters).toEqual([]);
    applyQuestions(state, { ...asked!, seq: 2, type: 'question:approved', payload: { questionId: 'ghost', at: 1 } });
    const ghost = { id: 'ghost', text: 'T', authorId: 'a', authorName: 'A', group: null, status: 'read' as const, submittedAt: 0, readAt: 1, turnId: 't' };
    applyQuestions(state, { ...asked!, seq: 3, type: 'contribution:read', payload: { contributionId: 'ghost', turnId: 't', contribution: ghost } });
    expect(state.questions).toEqual(before);
  });
});
