// The client reducer: folds one `debate:event` into the view a viewer got from
// `state:snapshot`. The server's own fold needs the full state; a browser only has its
// redacted view, so each slice has a client fold (turns.ts, polls.ts, questions.ts) and
// the lifecycle is handled here. Anything it cannot apply faithfully yields `diverged`
// (the store then resyncs); events that change what the view may show yield `refresh`.
import type { DebateView, ViewerInfo, WireEvent } from '../view-types.ts';
import { foldTurns } from '../../../../server/src/protocol/folds/turns.ts';
import { Diverged, diverged, isStaff, withSlice, type Reduction, type SliceReducer } from './common.ts';
import { reduceTurns } from './turns.ts';
import { reducePolls } from './polls.ts';
import { reduceQuestions } from './questions.ts';
import { reduceRecording } from './recording.ts';
import { reduceScreen } from './screen.ts';
import { reduceCaptions } from './captions.ts';

export type { Reduction } from './common.ts';
export { applyTally, applyMyBallot, emptyResults } from './polls.ts';

const reduceLifecycle: SliceReducer = (view, e, viewer) => {
  const status = (s: DebateView['debate']['status'], patch: Partial<DebateView['debate']> = {}) => ({
    view: { ...view, debate: { ...view.debate, status: s, ...patch } },
  });
  switch (e.type) {
    case 'debate:announced':
      return status('scheduled');
    case 'debate:started':
      return status('live', { startedAt: e.at });
    case 'debate:archived':
      return status('archived');
    case 'debate:cancelled':
      return status('cancelled');
    case 'debate:postponed':
      return { view: { ...view, debate: { ...view.debate, modalities: { ...view.debate.modalities, scheduledStart: e.payload.to } } } };
    case 'debate:ended': {
      const next = status('ended', { endedAt: e.at }).view;
      // The turns fold drops a floor still open, as the server's does.
      const ended = withSlice(next, 'turns', (turns) => foldTurns(turns, e, view.debate.modalities.turn.warningSeconds, diverged));
      // Hidden poll results become public once the debate has ended: only a snapshot has them.
      const hidden = !isStaff(viewer) && view.polls.polls.some((p) => p.visibility === 'hidden' && p.results === null);
      return hidden ? { view: ended, refresh: 'hidden poll results are now public' } : { view: ended };
    }
    default:
      return undefined;
  }
};

const SLICES: SliceReducer[] = [reduceLifecycle, reduceTurns, reducePolls, reduceQuestions, reduceScreen, reduceRecording, reduceCaptions];

/**
 * Fold `event` into `view`. The caller has checked that `event.seq === view.seq + 1`.
 * `debate:created` / `debate:updated` rebuild slices from the modalities on the server:
 * they are answered with a resync rather than re-derived here.
 */
export function reduce(view: DebateView, event: WireEvent, viewer: ViewerInfo): Reduction {
  if (event.type === 'debate:created' || event.type === 'debate:updated') {
    return { kind: 'diverged', reason: `${event.type} changes the modalities` };
  }
  try {
    for (const slice of SLICES) {
      const r = slice(view, event, viewer);
      if (r === undefined) continue;
      const next = { ...r.view, seq: event.seq, headHash: event.hash };
      return r.refresh ? { kind: 'applied', view: next, refresh: r.refresh } : { kind: 'applied', view: next };
    }
  } catch (err) {
    if (err instanceof Diverged) return { kind: 'diverged', reason: err.message };
    throw err;
  }
  return { kind: 'diverged', reason: `unknown event type ${event.type}` };
}
