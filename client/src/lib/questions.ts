// Ordering of the question board: most upvoted first, then in the order asked.
import type { QuestionView } from './view-types.ts';

export function sortByVotes(questions: QuestionView[]): QuestionView[] {
  return [...questions].sort((a, b) => b.upvotes - a.upvotes || a.askedAt - b.askedAt);
}
