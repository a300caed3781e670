// The Q&A slice of a debate's state: questions from the audience (moderated, upvoted,
// answered) and written contributions (submitted, read out as a turn, or dismissed).
// JSON-safe: snapshotted, cloned for views and rebuilt from the event log.
import type { ContributionStatus, QuestionStatus } from '../../protocol/questions.ts';

export type { ContributionStatus, QuestionStatus };

export interface Question {
  id: string;
  text: string;
  authorId: string;
  authorName: string;
  status: QuestionStatus;
  upvotes: number;
  /** Participant ids who upvoted (never sent to non-moderators). */
  voters: string[];
  askedAt: number;
  answeredAt: number | null;
}

export interface Contribution {
  id: string;
  text: string;
  authorId: string;
  authorName: string;
  group: string | null;
  status: ContributionStatus;
  submittedAt: number;
  readAt: number | null;
  /** The written turn it was read out in. */
  turnId: string | null;
}

export interface QuestionsState {
  questions: Record<string, Question>;
  /** Question ids in the order they were asked. */
  questionOrder: string[];
  contributions: Record<string, Contribution>;
  /** Contribution ids in the order they were submitted. */
  contributionOrder: string[];
}
