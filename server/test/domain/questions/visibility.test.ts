import { describe, expect, it } from 'vitest';
import { redactQuestionsEvent, viewQuestions } from '../../../src/domain/questions/index.ts';
import { citizen, Harness, viewer } from './fixtures.ts';

const ALICE = citizen('alice_c');
const BOB = citizen('bob_c');

function board() {
  const h = new Harness();
  const pending = h.create('question:ask', { text: 'pending' }, ALICE);
  const approved = h.create('question:ask', { text: 'approved' }, ALICE);
  const hidden = h.create('question:ask', { text: 'hidden' }, ALICE);
  const answered = h.create('question:ask', { text: 'answered' }, BOB);
  h.run('question:approve', { questionId: approved });
  h.run('question:hide', { questionId: hidden });
  h.run('question:approve', { questionId: answered });
  h.run('question:upvote', { questionId: approved }, BOB);
  h.run('question:answer', { questionId: answered });
  const submitted = h.create('contribution:submit', { text: 'mine' }, ALICE);
  const read = h.create('contribution:submit', { text: 'read' }, BOB);
  const dismissed = h.create('contribution:submit', { text: 'dismissed' }, BOB);
  h.run('contribution:read', { contributionId: read });
  h.run('contribution:dismiss', { contributionId: dismissed });
  return { h, pending, approved, hidden, answered, submitted, read, dismissed };
}

describe('viewQuestions', () => {
  it('moderators see everything, voters included', () => {
    const b = board();
    const v = viewQuestions(b.h.state, viewer('moderator', 'mod'));
    expect(v.questions.map((q) => q.id)).toEqual([b.pending, b.approved, b.hidden, b.answered]);
    expect(v.questions.find((q) => q.id === b.approved)).toMatchObject({ upvotes: 1, voters: ['bob_c'], votedByMe: false });
    expect(v.contributions.map((c) => c.id)).toEqual([b.submitted, b.read, b.dismissed]);
  });

  it('the author also sees their pending question and own contributions, never hidden ones', () => {
    const b = board();
    const v = viewQuestions(b.h.state, viewer('participant', 'alice_c'));
    expect(v.questions.map((q) => q.id)).toEqual([b.pending, b.approved, b.answered]);
    expect(v.contributions.map((c) => c.id)).toEqual([b.submitted, b.read]);
  });

  it('others see public questions with counts and votedByMe, never who voted', () => {
    const b = board();
    const bob = viewQuestions(b.h.state, viewer('participant', 'bob_c'));
    expect(bob.questions.map((q) => q.id)).toEqual([b.approved, b.answered]);
    expect(bob.questions[0]).toMatchObject({ upvotes: 1, votedByMe: true });
    expect(bob.questions.every((q) => !('voters' in q))).toBe(true);
    expect(bob.contributions.map((c) => c.id)).toEqual([b.read, b.dismissed]);

    const display = viewQuestions(b.h.state, viewer('display'));
    expect(display.questions.map((q) => q.id)).toEqual([b.approved, b.answered]);
    expect(display.questions[0]!.votedByMe).toBe(false);
    expect(display.contributions.map((c) => c.id)).toEqual([b.read]);
  });

  it('is a copy, not a window on the live state', () => {
    const b = board();
    const v = viewQuestions(b.h.state, viewer('moderator', 'mod'));
    v.questions.find((q) => q.id === b.approved)!.voters!.push('x');
    v.contributions[0]!.text = 'changed';
    expect(b.h.state.questions.questions[b.approved]!.voters).toEqual(['bob_c']);
    expect(b.h.state.questions.contributions[b.submitted]!.text).toBe('mine');
  });
});

describe('redactQuestionsEvent', () => {
  const find = (h: Harness, type: string, n = 0) => h.events.filter((e) => e.type === type)[n]!;

  it('a pending question reaches only its author and moderators in full', () => {
    const b = board();
    const asked = find(b.h, 'question:asked');
    expect(redactQuestionsEvent(asked, viewer('moderator', 'mod'))).toBe(asked);
    expect(redactQuestionsEvent(asked, viewer('participant', 'alice_c'))).toBe(asked);
    for (const v of [viewer('participant', 'bob_c'), viewer('display'), viewer('speaker', 'guest_alice')]) {
      const r = redactQuestionsEvent(asked, v);
      expect(r).toEqual({ ...asked, payload: { questionId: b.pending } });
      expect(r.seq).toBe(asked.seq);
    }
  });

  it('an approved-at-once question is public', () => {
    const h = new Harness();
    h.state.modalities.moderateQuestions = false;
    const [asked] = h.run('question:ask', { text: 'Q' }, ALICE);
    expect(redactQuestionsEvent(asked!, viewer('display'))).toBe(asked);
  });

  it('upvotes do not say who voted, except to moderators and the voter', () => {
    const b = board();
    const up = find(b.h, 'question:upvoted');
    expect(redactQuestionsEvent(up, viewer('moderator', 'mod'))).toBe(up);
    expect(redactQuestionsEvent(up, viewer('participant', 'bob_c'))).toBe(up);
    const r = redactQuestionsEvent(up, viewer('participant', 'alice_c'));
    expect(r).toEqual({ ...up, payload: { questionId: b.approved, upvotes: 1 } });
  });

  it('a contribution reaches only its author and moderators in full', () => {
    const b = board();
    const sub = find(b.h, 'contribution:submitted');
    expect(redactQuestionsEvent(sub, viewer('moderator', 'mod'))).toBe(sub);
    expect(redactQuestionsEvent(sub, viewer('participant', 'alice_c'))).toBe(sub);
    const r = redactQuestionsEvent(sub, viewer('participant', 'bob_c'));
    expect(r).toEqual({ ...sub, payload: { contributionId: b.submitted } });
    expect(r.seq).toBe(sub.seq);
  });

  it('leaves the other events untouched', () => {
    const b = board();
    const untouched = b.h.events.filter((e) => !['question:asked', 'question:upvoted', 'contribution:submitted'].includes(e.type));
    expect(untouched.length).toBeGreaterThan(5);
    for (const e of untouched) expect(redactQuestionsEvent(e, viewer('display'))).toBe(e);
  });
});
