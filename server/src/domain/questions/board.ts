// Decisions of the question board: citizens ask and upvote, the moderator approves,
// hides and marks questions answered. Decisions only; the fold is in apply.ts.
import { AppError } from '../../errors.ts';
import type { QuestionAsk, QuestionRef } from '../../protocol/questions.ts';
import type { DebateState } from '../state.ts';
import type { Actor, CommandContext, EventDraft } from '../types.ts';
import { draft } from './events.ts';
import type { Question, QuestionStatus } from './state.ts';

type ParticipantActor = Extract<Actor, { kind: 'participant' }>;

export function participantActor(ctx: CommandContext): ParticipantActor {
  if (ctx.actor.kind !== 'participant') throw new AppError('FORBIDDEN', 'only a participant can do this');
  return ctx.actor;
}

/** Questions are taken from the announcement until the debate ends. */
function requireOpenBoard(state: DebateState): void {
  if (state.status !== 'scheduled' && state.status !== 'live') {
    throw new AppError('DEBATE_NOT_LIVE', `the debate is ${state.status}`);
  }
}

export function findQuestion(state: DebateState, questionId: string): Question {
  const { questions } = state.questions;
  const q = Object.hasOwn(questions, questionId) ? questions[questionId] : undefined;
  if (!q) throw new AppError('QUESTION_NOT_FOUND', `no question "${questionId}" in this debate`);
  return q;
}

export function decideAsk(state: DebateState, p: QuestionAsk, ctx: CommandContext): EventDraft[] {
  const actor = participantActor(ctx);
  requireOpenBoard(state);
  const question: Question = {
    id: ctx.newId(),
    text: p.text,
    authorId: actor.id,
    authorName: actor.name,
    status: state.modalities.moderateQuestions ? 'pending' : 'approved',
    upvotes: 0,
    voters: [],
    askedAt: ctx.now,
    answeredAt: null,
  };
  return [draft('question:asked', { question })];
}

export function decideUpvote(state: DebateState, p: QuestionRef, ctx: CommandContext): EventDraft[] {
  const actor = participantActor(ctx);
  requireOpenBoard(state);
  const q = findQuestion(state, p.questionId);
  if (q.status !== 'approved') throw new AppError('QUESTION_STATE', `cannot upvote a question that is ${q.status}`);
  if (q.authorId === actor.id) throw new AppError('QUESTION_STATE', 'you cannot upvote your own question');
  if (q.voters.includes(actor.id)) throw new AppError('ALREADY_VOTED', 'you have already upvoted this question');
  return [draft('question:upvoted', { questionId: q.id, participantId: actor.id, upvotes: q.upvotes + 1 })];
}

type Move = { from: readonly QuestionStatus[]; type: 'question:approved' | 'question:hidden' | 'question:answered' };

// Moderation moves: hidden questions can be brought back; only a visible question can
// be marked answered.
const MOVES = {
  approve: { from: ['pending', 'hidden'], type: 'question:approved' },
  hide: { from: ['pending', 'approved', 'answered'], type: 'question:hidden' },
  answer: { from: ['approved'], type: 'question:answered' },
} as const satisfies Record<string, Move>;

function moderate(move: keyof typeof MOVES) {
  return (state: DebateState, p: QuestionRef, ctx: CommandContext): EventDraft[] => {
    const q = findQuestion(state, p.questionId);
    const rule: Move = MOVES[move];
    if (!rule.from.includes(q.status)) {
      throw new AppError('QUESTION_STATE', `cannot ${move} a question that is ${q.status}`, { status: q.status });
    }
    const visible = move === 'approve' ? { question: { ...q, voters: [], status: 'approved' as const } } : {};
    return [draft(rule.type, { questionId: q.id, at: ctx.now, ...visible })];
  };
}

export const decideApprove = moderate('approve');
export const decideHide = moderate('hide');
export const decideAnswer = moderate('answer');
