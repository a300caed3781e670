import { describe, expect, it } from 'vitest';
import type { QuestionStatus } from '../../../src/domain/questions/index.ts';
import { ofType } from '../../helpers/events.ts';
import { questionsCommands } from '../../../src/domain/questions/index.ts';
import { QuestionAskSchema } from '../../../src/protocol/questions.ts';
import { citizen, codeOf, Harness, makeState, MODERATOR, payloadOf } from './fixtures.ts';

const ALICE = citizen('alice_c');
const BOB = citizen('bob_c');

describe('question:ask', () => {
  it('waits for moderation when the debate moderates questions', () => {
    const h = new Harness();
    const events = h.run('question:ask', { text: '  Et le budget ?  ' }, ALICE);
    const { question } = payloadOf(events, 'question:asked');
    expect(question).toEqual({
      id: expect.any(String),
      text: 'Et le budget ?',
      authorId: 'alice_c',
      authorName: 'Name of alice_c',
      status: 'pending',
      upvotes: 0,
      voters: [],
      askedAt: h.clock.now(),
      answeredAt: null,
    });
    expect(h.state.questions.questions[question.id]).toEqual(question);
  });

  it('is public at once otherwise; allowed before the start, not after the end', () => {
    const h = new Harness(makeState({ moderateQuestions: false }, 'scheduled'));
    const id = h.create('question:ask', { text: 'Q' }, citizen('s1', 'speaker'));
    expect(h.state.questions.questions[id]!.status).toBe('approved');
    const ended = new Harness(makeState({}, 'ended'));
    expect(codeOf(() => ended.run('question:ask', { text: 'Q' }, ALICE))).toBe('DEBATE_NOT_LIVE');
  });

  it('refuses empty and over-long texts', () => {
    expect(QuestionAskSchema.safeParse({ text: '   ' }).success).toBe(false);
    expect(QuestionAskSchema.safeParse({ text: 'x'.repeat(1001) }).success).toBe(false);
    expect(QuestionAskSchema.safeParse({ text: 'x'.repeat(1000) }).success).toBe(true);
    expect(QuestionAskSchema.safeParse({ text: 'x', extra: 1 }).success).toBe(false);
  });
});

describe('question:upvote', () => {
  function approved() {
    const h = new Harness();
    const id = h.create('question:ask', { text: 'Q' }, ALICE);
    h.run('question:approve', { questionId: id });
    return { h, id };
  }

  it('counts one upvote per participant', () => {
    const { h, id } = approved();
    const [e] = h.run('question:upvote', { questionId: id }, BOB);
    expect(e!.payload).toEqual({ questionId: id, participantId: 'bob_c', upvotes: 1 });
    h.run('question:upvote', { questionId: id }, citizen('carol', 'speaker'));
    expect(h.state.questions.questions[id]).toMatchObject({ upvotes: 2, voters: ['bob_c', 'carol'] });
    expect(codeOf(() => h.run('question:upvote', { questionId: id }, BOB))).toBe('ALREADY_VOTED');
    expect(h.state.questions.questions[id]!.upvotes).toBe(2);
  });

  it('refuses your own question, unknown ones, and questions that are not approved', () => {
    const { h, id } = approved();
    expect(codeOf(() => h.run('question:upvote', { questionId: id }, ALICE))).toBe('QUESTION_STATE');
    expect(codeOf(() => h.run('question:upvote', { questionId: 'nope' }, BOB))).toBe('QUESTION_NOT_FOUND');
    const pending = h.create('question:ask', { text: 'P' }, ALICE);
    expect(codeOf(() => h.run('question:upvote', { questionId: pending }, BOB))).toBe('QUESTION_STATE');
    h.run('question:answer', { questionId: id });
    expect(codeOf(() => h.run('question:upvote', { questionId: id }, BOB))).toBe('QUESTION_STATE');
    h.run('question:hide', { questionId: id });
    expect(codeOf(() => h.run('question:upvote', { questionId: id }, BOB))).toBe('QUESTION_STATE');
  });
});

describe('moderation', () => {
  const MOVES = { approve: 'approved', hide: 'hidden', answer: 'answered' } as const;
  // from status -> moves allowed
  const LEGAL: Record<QuestionStatus, (keyof typeof MOVES)[]> = {
    pending: ['approve', 'hide'],
    approved: ['hide', 'answer'],
    hidden: ['approve'],
    answered: ['hide'],
  };
  const PATH: Record<QuestionStatus, (keyof typeof MOVES)[]> = {
    pending: [],
    approved: ['approve'],
    hidden: ['hide'],
    answered: ['approve', 'answer'],
  };

  for (const [from, legal] of Object.entries(LEGAL) as [QuestionStatus, (keyof typeof MOVES)[]][]) {
    for (const move of Object.keys(MOVES) as (keyof typeof MOVES)[]) {
      const ok = legal.includes(move);
      it(`${move} from ${from}: ${ok ? 'allowed' : 'QUESTION_STATE'}`, () => {
        const h = new Harness();
        const id = h.create('question:ask', { text: 'Q' }, ALICE);
        for (const step of PATH[from]) h.run(`question:${step}`, { questionId: id });
        expect(h.state.questions.questions[id]!.status).toBe(from);
        h.clock.advance(1000);
        if (!ok) {
          expect(codeOf(() => h.run(`question:${move}`, { questionId: id }))).toBe('QUESTION_STATE');
          expect(h.state.questions.questions[id]!.status).toBe(from);
          return;
        }
        const [e] = h.run(`question:${move}`, { questionId: id });
        expect(e!.type).toBe(`question:${MOVES[move]}`);
        expect(e!.payload).toMatchObject({ questionId: id, at: h.clock.now() });
        // Approval carries the question so clients that only knew its id can show it.
        const { question } = ofType(e, `question:${MOVES[move]}`).payload;
        if (move === 'approve') expect(question).toMatchObject({ id, status: 'approved', voters: [] });
        else expect(question).toBeUndefined();
        expect(h.state.questions.questions[id]!.status).toBe(MOVES[move]);
        if (move === 'answer') expect(h.state.questions.questions[id]!.answeredAt).toBe(h.clock.now());
      });
    }
  }

  it('refuses unknown questions', () => {
    const h = new Harness();
    for (const move of ['approve', 'hide', 'answer']) {
      expect(codeOf(() => h.run(`question:${move}`, { questionId: 'nope' }))).toBe('QUESTION_NOT_FOUND');
    }
  });
});

describe('command table', () => {
  it('citizens ask, upvote and submit; moderators moderate and read out', () => {
    expect(Object.fromEntries(Object.entries(questionsCommands).map(([k, v]) => [k, [...v.roles]]))).toEqual({
      'question:ask': ['participant', 'speaker'],
      'question:upvote': ['participant', 'speaker'],
      'question:approve': ['moderator'],
      'question:hide': ['moderator'],
      'question:answer': ['moderator'],
      'contribution:submit': ['participant', 'speaker'],
      'contribution:read': ['moderator'],
      'contribution:dismiss': ['moderator'],
    });
    const h = new Harness();
    expect(codeOf(() => h.run('question:ask', { text: 'Q' }, MODERATOR))).toBe('FORBIDDEN');
    expect(codeOf(() => h.run('question:approve', { questionId: 'x' }, ALICE))).toBe('FORBIDDEN');
  });
});
