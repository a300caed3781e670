// The fold of question and contribution events over one viewer's Q&A view. Citizens see
// approved and answered questions plus their own pending ones, their own contributions
// plus those read out; who upvoted is only `votedByMe` (moderators get the voter list).
// Reduced payloads (someone else's pending question or contribution) are not folded.
// The server folds its full state instead (domain/questions/apply.ts) and builds the
// view with questionView, the same per-question rule this fold applies.
import type { EventBody } from '../events/index.ts';
import { QUESTIONS_EVENTS, type Contribution, type Question } from '../events/questions.ts';
import type { QuestionsView, QuestionView, Viewer } from '../views.ts';
import { ignoreAnomaly, type OnAnomaly } from './policy.ts';

export type QuestionsEventType = keyof typeof QUESTIONS_EVENTS;

export function isQuestionsEvent<E extends { type: string }>(e: E): e is Extract<E, { type: QuestionsEventType }> {
  return Object.hasOwn(QUESTIONS_EVENTS, e.type);
}

const isStaff = (viewer: Viewer) => viewer.role === 'moderator';
const isMe = (viewer: Viewer, id: string) => viewer.participantId !== null && viewer.participantId === id;

/** A question as `viewer` sees it: the voters become `votedByMe`, the list stays with moderators. */
export function questionView(q: Question, viewer: Viewer): QuestionView {
  const { voters, ...rest } = structuredClone(q);
  const votedByMe = viewer.participantId !== null && voters.includes(viewer.participantId);
  return isStaff(viewer) ? { ...rest, votedByMe, voters } : { ...rest, votedByMe };
}

function insertQuestion(board: QuestionsView, q: QuestionView): void {
  const i = board.questions.findIndex((x) => x.askedAt > q.askedAt);
  board.questions.splice(i < 0 ? board.questions.length : i, 0, q);
}

function insertContribution(board: QuestionsView, c: Contribution): void {
  const i = board.contributions.findIndex((x) => x.submittedAt > c.submittedAt);
  board.contributions.splice(i < 0 ? board.contributions.length : i, 0, structuredClone(c));
}

type Moderated = Extract<EventBody, { type: 'question:approved' | 'question:hidden' | 'question:answered' }>;

function moderate(board: QuestionsView, e: Moderated, viewer: Viewer, onAnomaly: OnAnomaly): string | null {
  const p = e.payload;
  const i = board.questions.findIndex((q) => q.id === p.questionId);
  const q = i < 0 ? undefined : board.questions[i]!;
  if (e.type === 'question:approved') {
    if (q) q.status = 'approved';
    else if (p.question) {
      insertQuestion(board, questionView(p.question, viewer));
      // A question approved again after being hidden keeps its upvotes; whether this
      // viewer was among them is only in a snapshot.
      if (p.question.upvotes > 0) return 'approved question with earlier upvotes';
    } else onAnomaly(`approved question ${p.questionId} is unknown`);
    return null;
  }
  if (!q) {
    if (isStaff(viewer) || e.type === 'question:answered') onAnomaly(`question ${p.questionId} is unknown`);
    return null;
  }
  if (e.type === 'question:hidden') {
    if (isStaff(viewer)) q.status = 'hidden';
    else board.questions.splice(i, 1);
    return null;
  }
  q.status = 'answered';
  q.answeredAt = p.at;
  return null;
}

/**
 * Fold one event (logged at `e.at`) into `board` (mutated in place); other types are
 * ignored. Returns why only a fresh snapshot can complete the view, or null.
 */
export function foldQuestionsView(
  board: QuestionsView,
  e: EventBody & { at: number },
  viewer: Viewer,
  onAnomaly: OnAnomaly = ignoreAnomaly,
): string | null {
  switch (e.type) {
    case 'question:asked': {
      const p = e.payload;
      if (!('question' in p)) return null;
      if (board.questions.some((q) => q.id === p.question.id)) onAnomaly('question asked twice');
      else insertQuestion(board, questionView(p.question, viewer));
      return null;
    }
    case 'question:upvoted': {
      const p = e.payload;
      const q = board.questions.find((x) => x.id === p.questionId);
      if (!q) {
        if (isStaff(viewer)) onAnomaly(`upvoted question ${p.questionId} is unknown`);
        return null;
      }
      q.upvotes = p.upvotes;
      if ('participantId' in p) {
        if (isMe(viewer, p.participantId)) q.votedByMe = true;
        if (q.voters && !q.voters.includes(p.participantId)) q.voters.push(p.participantId);
      }
      return null;
    }
    case 'question:approved':
    case 'question:hidden':
    case 'question:answered':
      return moderate(board, e, viewer, onAnomaly);
    case 'contribution:submitted': {
      const p = e.payload;
      if (!('contribution' in p)) return null;
      if (board.contributions.some((c) => c.id === p.contribution.id)) onAnomaly('contribution submitted twice');
      else insertContribution(board, p.contribution);
      return null;
    }
    case 'contribution:read': {
      const p = e.payload;
      const c = board.contributions.find((x) => x.id === p.contributionId);
      if (c) {
        c.status = 'read';
        c.readAt = e.at;
        c.turnId = p.turnId;
      } else if (isStaff(viewer)) onAnomaly(`read contribution ${p.contributionId} is unknown`);
      else insertContribution(board, { ...p.contribution, status: 'read', readAt: e.at, turnId: p.turnId });
      return null;
    }
    case 'contribution:dismissed': {
      const c = board.contributions.find((x) => x.id === e.payload.contributionId);
      if (c) c.status = 'dismissed';
      else if (isStaff(viewer)) onAnomaly(`dismissed contribution ${e.payload.contributionId} is unknown`);
      return null;
    }
    default:
      return null;
  }
}
