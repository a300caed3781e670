// Client fold of the question and contribution events over the Q&A view: the protocol's
// shared view fold (server/src/protocol/folds/questions.ts), which applies the server's
// own per-question rule. An event that does not fit diverges (resync); one that only a
// snapshot can complete (an approved question with earlier upvotes) asks for a refresh.
import { foldQuestionsView, isQuestionsEvent } from '../../../../server/src/protocol/folds/questions.ts';
import { foldScreen } from '../../../../server/src/protocol/folds/screen.ts';
import { diverged, withSlice, type SliceReducer } from './common.ts';

export const reduceQuestions: SliceReducer = (view, e, viewer) => {
  if (!isQuestionsEvent(e)) return undefined;
  const notes: { refresh: string | null } = { refresh: null };
  const next = withSlice(view, 'questions', (board) => {
    notes.refresh = foldQuestionsView(board, e, viewer, diverged);
  });
  // A hidden question also leaves the room screen (the server folds both slices).
  const screened = e.type === 'question:hidden' ? withSlice(next, 'screen', (screen) => foldScreen(screen, e)) : next;
  return notes.refresh ? { view: screened, refresh: notes.refresh } : { view: screened };
};
