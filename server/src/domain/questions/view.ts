// What each viewer may see of the Q&A board: moderators everything; others the public
// questions plus their own pending ones, their own contributions plus those read out.
// Who upvoted is never shown to non-moderators, only counts and `votedByMe`. Also the
// per-viewer redaction of these events (every viewer gets every seq).
import type { DebateState, Viewer } from '../state.ts';
import type { DebateEvent } from '../types.ts';
import type {
  ContributionSubmitted,
  ContributionSubmittedRedacted,
  QuestionAsked,
  QuestionAskedRedacted,
  QuestionUpvoted,
  QuestionUpvotedRedacted,
} from './events.ts';
import type { Contribution, Question } from './state.ts';

export interface QuestionView extends Omit<Question, 'voters'> {
  votedByMe: boolean;
  /** Moderators only. */
  voters?: string[];
}

export interface QuestionsView {
  /** In the order asked. */
  questions: QuestionView[];
  /** In the order submitted. */
  contributions: Contribution[];
}

const isStaff = (viewer: Viewer) => viewer.role === 'moderator';
const isMe = (viewer: Viewer, participantId: string) =>
  viewer.participantId !== null && viewer.participantId === participantId;

export function questionVisibleTo(q: Question, viewer: Viewer): boolean {
  if (isStaff(viewer)) return true;
  if (q.status === 'approved' || q.status === 'answered') return true;
  return q.status === 'pending' && isMe(viewer, q.authorId);
}

export function contributionVisibleTo(c: Contribution, viewer: Viewer): boolean {
  return isStaff(viewer) || c.status === 'read' || isMe(viewer, c.authorId);
}

export function viewQuestions(state: DebateState, viewer: Viewer): QuestionsView {
  const s = state.questions;
  const questions: QuestionView[] = [];
  for (const id of s.questionOrder) {
    const q = s.questions[id]!;
    if (!questionVisibleTo(q, viewer)) continue;
    const { voters, ...rest } = q;
    const votedByMe = viewer.participantId !== null && voters.includes(viewer.participantId);
    questions.push(isStaff(viewer) ? { ...rest, votedByMe, voters: [...voters] } : { ...rest, votedByMe });
  }
  const contributions = s.contributionOrder
    .map((id) => s.contributions[id]!)
    .filter((c) => contributionVisibleTo(c, viewer))
    .map((c) => ({ ...c }));
  return { questions, contributions };
}

/**
 * The question/contribution event one viewer receives. Returns the same object when
 * nothing is hidden (the broadcaster relies on identity to send one copy to everyone).
 */
export function redactQuestionsEvent(event: DebateEvent, viewer: Viewer): DebateEvent {
  if (isStaff(viewer)) return event;
  switch (event.type) {
    case 'question:asked': {
      const { question } = event.payload as QuestionAsked;
      if (question.status !== 'pending' || isMe(viewer, question.authorId)) return event;
      const payload: QuestionAskedRedacted = { questionId: question.id };
      return { ...event, payload };
    }
    case 'question:upvoted': {
      // The voter may know their own vote; nobody else learns who voted.
      const { participantId, ...rest } = event.payload as QuestionUpvoted;
      if (isMe(viewer, participantId)) return event;
      const payload: QuestionUpvotedRedacted = rest;
      return { ...event, payload };
    }
    case 'contribution:submitted': {
      const { contribution } = event.payload as ContributionSubmitted;
      if (isMe(viewer, contribution.authorId)) return event;
      const payload: ContributionSubmittedRedacted = { contributionId: contribution.id };
      return { ...event, payload };
    }
    default:
      return event;
  }
}
