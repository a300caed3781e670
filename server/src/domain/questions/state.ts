// The Q&A slice of a debate's state: questions from the audience (moderated, upvoted,
// answered) and written contributions (submitted, read out as a turn, or dismissed).
// JSON-safe: snapshotted, cloned for views and rebuilt from the event log. The question
// and contribution entities are the protocol's (protocol/events/questions.ts).
import type { Contribution, Question } from '../../protocol/events/questions.ts';
import type { ContributionStatus, QuestionStatus } from '../../protocol/questions.ts';

export type { Contribution, ContributionStatus, Question, QuestionStatus };

export interface QuestionsState {
  questions: Record<string, Question>;
  /** Question ids in the order they were asked. */
  questionOrder: string[];
  contributions: Record<string, Contribution>;
  /** Contribution ids in the order they were submitted. */
  contributionOrder: string[];
}
