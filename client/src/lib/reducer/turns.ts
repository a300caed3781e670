// Client fold of the speaking-turns events (queue, floor, agenda) over the turns view:
// the protocol's shared fold (server/src/protocol/folds/turns.ts), the very one the
// server folds its state with, since every viewer sees the whole slice. An event that
// does not fit (an unknown queue entry, another turn on the floor) means the local view
// diverged: the fold reports it, this throws Diverged, and the store resyncs.
import { foldTurns, isTurnsEvent } from '../../../../server/src/protocol/folds/turns.ts';
import { diverged, withSlice, type SliceReducer } from './common.ts';

export const reduceTurns: SliceReducer = (view, e) => {
  if (!isTurnsEvent(e)) return undefined;
  const warnings = view.debate.modalities.turn.warningSeconds;
  return { view: withSlice(view, 'turns', (turns) => foldTurns(turns, e, warnings, diverged)) };
};
