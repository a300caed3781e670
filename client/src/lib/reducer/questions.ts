// Client fold of the question and contribution events over the Q&A view. Citizens see
// approved and answered questions plus their own pending ones, their own contributions
// plus those read out; who upvoted is only `votedByMe` (moderators get the voter list).
// Reduced payloads (someone else's pending question or contribution) are not folded.
import type { Contribution, DebateView, QuestionEvents, QuestionView, ViewerInfo, WireEvent } from '../view-types.ts';
import type { Question } from '../../../../server/src/domain/questions/state.ts';
import { diverged, isStaff, withSlice, type SliceReducer } from './common.ts';

type Board = DebateView['questions'];

const isMe = (viewer: ViewerInfo, id: string) => viewer.participantId !== null && viewer.participantId === id;

function toView(q: Question, viewer: ViewerInfo): QuestionView {
  const { voters, ...rest } = structuredClone(q);
  const votedByMe = viewer.participantId !== null && voters.includes(viewer.participantId);
  return isStaff(viewer) ? { ...rest, votedByMe, voters } : { ...rest, votedByMe };
}

function insertQuestion(board: Board, q: QuestionView): void {
  const i = board.questions.findIndex((x) => x.askedAt > q.askedAt);
  board.questions.splice(i < 0 ? board.questions.length : i, 0, q);
}

function insertContribution(board: Board, c: Contribution): void {
  const i = board.contributions.findIndex((x) => x.submittedAt > c.submittedAt);
  board.contributions.splice(i < 0 ? board.contributions.length : i, 0, structuredClone(c));
}

/** What the reduction learnt that only a snapshot can complete. */
interface Notes {
  refresh?: string;
}

function moderate(board: Board, e: WireEvent, viewer: ViewerInfo, notes: Notes): void {
  const p = e.payload as QuestionEvents.QuestionModerated;
  const i = board.questions.findIndex((q) => q.id === p.questionId);
  const q = i < 0 ? undefined : board.questions[i]!;
  if (e.type === 'question:approved') {
    if (q) q.status = 'approved';
    else if (p.question) {
      insertQuestion(board, toView(p.question, viewer));
      // A question approved again after being hidden keeps its upvotes; whether this
      // viewer was among them is only in a snapshot.
      if (p.question.upvotes > 0) notes.refresh = 'approved question with earlier upvotes';
    } else diverged(`approved question ${p.questionId} is unknown`);
    return;
  }
  if (!q) {
    if (isStaff(viewer) || e.type === 'question:answered') diverged(`question ${p.questionId} is unknown`);
    return;
  }
  if (e.type === 'question:hidden') {
    if (isStaff(viewer)) q.status = 'hidden';
    else board.questions.splice(i, 1);
    return;
  }
  q.status = 'answered';
  q.answeredAt = p.at;
}

function fold(board: Board, e: WireEvent, viewer: ViewerInfo, notes: Notes): void {
  switch (e.type) {
    case 'question:asked': {
      const p = e.payload as QuestionEvents.QuestionAsked | QuestionEvents.QuestionAskedRedacted;
      if (!('question' in p)) return;
      if (board.questions.some((q) => q.id === p.question.id)) diverged('question asked twice');
      insertQuestion(board, toView(p.question, viewer));
      return;
    }
    case 'question:upvoted': {
      const p = e.payload as QuestionEvents.QuestionUpvoted | QuestionEvents.QuestionUpvotedRedacted;
      const q = board.questions.find((x) => x.id === p.questionId);
      if (!q) {
        if (isStaff(viewer)) diverged(`upvoted question ${p.questionId} is unknown`);
        return;
      }
      q.upvotes = p.upvotes;
      if ('participantId' in p) {
        if (isMe(viewer, p.participantId)) q.votedByMe = true;
        if (q.voters && !q.voters.includes(p.participantId)) q.voters.push(p.participantId);
      }
      return;
    }
    case 'question:approved':
    case 'question:hidden':
    case 'question:answered':
      moderate(board, e, viewer, notes);
      return;
    case 'contribution:submitted': {
      const p = e.payload as QuestionEvents.ContributionSubmitted | QuestionEvents.ContributionSubmittedRedacted;
      if (!('contribution' in p)) return;
      if (board.contributions.some((c) => c.id === p.contribution.id)) diverged('contribution submitted twice');
      insertContribution(board, p.contribution);
      return;
    }
    case 'contribution:read': {
      const p = e.payload as QuestionEvents.ContributionReadOut;
      const c = board.contributions.find((x) => x.id === p.contributionId);
      if (!c) {
        if (isStaff(viewer)) diverged(`read contribution ${p.contributionId} is unknown`);
        insertContribution(board, { ...p.contribution, status: 'read', readAt: e.at, turnId: p.turnId });
        return;
      }
      c.status = 'read';
      c.readAt = e.at;
      c.turnId = p.turnId;
      return;
    }
    case 'contribution:dismissed': {
      const p = e.payload as QuestionEvents.ContributionDismissed;
      const c = board.contributions.find((x) => x.id === p.contributionId);
      if (c) c.status = 'dismissed';
      else if (isStaff(viewer)) diverged(`dismissed contribution ${p.contributionId} is unknown`);
      return;
    }
    default:
      return;
  }
}

const TYPES = new Set([
  'question:asked',
  'question:upvoted',
  'question:approved',
  'question:hidden',
  'question:answered',
  'contribution:submitted',
  'contribution:read',
  'contribution:dismissed',
]);

export const reduceQuestions: SliceReducer = (view, e, viewer) => {
  if (!TYPES.has(e.type)) return undefined;
  const notes: Notes = {};
  const next = withSlice(view, 'questions', (board) => fold(board, e, viewer, notes));
  return notes.refresh ? { view: next, refresh: notes.refresh } : { view: next };
};
