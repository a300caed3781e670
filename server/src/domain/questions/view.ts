// What each viewer may see of the Q&A board: moderators everything; others the public
// questions plus their own pending ones, their own contributions plus those read out.
// Who upvoted is never shown to non-moderators, only counts and `votedByMe`. Also the
// per-viewer redaction of these events (every viewer gets every seq).
import { questionView } from '../../protocol/folds/questions.ts';
import type { QuestionsView, QuestionView } from '../../protocol/views.ts';
import type { DebateState, Viewer } from '../state.ts';
import type { DebateEvent, ViewerEvent } from '../types.ts';
import type { Contribution, Question } from './state.ts';

export type { QuestionsView, QuestionView };

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
    if (questionVisibleTo(q, viewer)) questions.push(questionView(q, viewer));
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
export function redactQuestionsEvent(event: DebateEvent, viewer: Viewer): ViewerEvent {
  if (isStaff(viewer)) return event;
  switch (event.type) {
    case 'question:asked': {
      const { question } = event.payload;
      if (question.status !== 'pending' || isMe(viewer, question.authorId)) return event;
      return { ...event, payload: { questionId: question.id } };
    }
    case 'question:upvoted': {
      // The voter may know their own vote; nobody else learns who voted.
      const { participantId, ...rest } = event.payload;
      if (isMe(viewer, participantId)) return event;
      return { ...event, payload: rest };
    }
    case 'contribution:submitted': {
      const { contribution } = event.payload;
      if (isMe(viewer, contribution.authorId)) return event;
      return { ...event, payload: { contributionId: contribution.id } };
    }
    default:
      return event;
  }
}
