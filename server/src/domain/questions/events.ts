// Payload shapes of the question and contribution events. The schemas are the contract
// (protocol/events/questions.ts): the database projections (db/projections.ts) and the
// clients read these exact shapes.
export type {
  ContributionDismissed,
  ContributionReadOut,
  ContributionSubmitted,
  ContributionSubmittedRedacted,
  QuestionAsked,
  QuestionAskedRedacted,
  QuestionModerated,
  QuestionUpvoted,
  QuestionUpvotedRedacted,
} from '../../protocol/events/questions.ts';
export type { QuestionsEventType } from '../../protocol/folds/questions.ts';
export { draft } from '../../protocol/events/index.ts';
