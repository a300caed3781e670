// Payload shapes of the question and contribution events. The database projections
// (db/projections.ts) and the clients read these exact shapes: change them only
// together with their consumers.
import type { Contribution, Question } from './state.ts';

export interface QuestionAsked { question: Question }
export interface QuestionUpvoted { questionId: string; participantId: string; upvotes: number }
export interface QuestionModerated {
  questionId: string;
  at: number;
  /** On approval: the question as it becomes visible, so clients that only had its id can show it. */
  question?: Question;
}
export interface ContributionSubmitted { contribution: Contribution }
export interface ContributionReadOut {
  contributionId: string;
  turnId: string;
  /** The text being read out: it becomes public at this point. */
  contribution: Contribution;
}
export interface ContributionDismissed { contributionId: string }

/** Reduced payloads for viewers who may not see the original. */
export interface QuestionAskedRedacted { questionId: string }
export type QuestionUpvotedRedacted = Omit<QuestionUpvoted, 'participantId'>;
export interface ContributionSubmittedRedacted { contributionId: string }

export interface QuestionsEventPayloads {
  'question:asked': QuestionAsked;
  'question:upvoted': QuestionUpvoted;
  'question:approved': QuestionModerated;
  'question:hidden': QuestionModerated;
  'question:answered': QuestionModerated;
  'contribution:submitted': ContributionSubmitted;
  'contribution:read': ContributionReadOut;
  'contribution:dismissed': ContributionDismissed;
}

export type QuestionsEventType = keyof QuestionsEventPayloads;

export function draft<T extends QuestionsEventType>(type: T, payload: QuestionsEventPayloads[T]) {
  return { type, payload };
}
