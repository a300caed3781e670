// Public surface of the questions domain module: the moderated Q&A board and written
// contributions (read out as written turns). See ../state.ts for the module contract.
import type { Modalities } from '../../protocol/modalities.ts';
import type { DebateState } from '../state.ts';
import type { QuestionsState } from './state.ts';

export function initialQuestions(_modalities: Modalities): QuestionsState {
  return { questions: {}, questionOrder: [], contributions: {}, contributionOrder: [] };
}

/** The board has no timers; kept for the module contract. */
export function nextWakeQuestions(_state: DebateState): number | null {
  return null;
}

export { applyQuestions } from './apply.ts';
export { questionsCommands } from './commands.ts';
export { findQuestion } from './board.ts';
export {
  contributionVisibleTo,
  questionVisibleTo,
  redactQuestionsEvent,
  viewQuestions,
  type QuestionView,
  type QuestionsView,
} from './view.ts';
export type * from './state.ts';
export type * from './events.ts';
