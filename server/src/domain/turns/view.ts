// What clients see of the turns slice: the same copy for every role except presence
// (moderators only); clients derive the countdown from
// `floor.deadline` and the server time.
import type { TurnsView } from '../../protocol/views.ts';
import type { DebateState, Viewer } from '../state.ts';
import { presenceFor } from './presence.ts';

export type { TurnsView };

export function viewTurns(state: DebateState, viewer: Viewer): TurnsView {
  // A deep copy: the view is serialized later, after the live state may have moved on.
  // Who is online is for the moderators, and it is left out before copying: it holds one
  // entry per participant, and copying it for every citizen's snapshot made connecting
  // 10,000 people quadratic (359 s instead of seconds, docs/benchmarks.md).
  const { presence, ...rest } = state.turns;
  return { ...structuredClone(rest), presence: structuredClone(presenceFor(presence, viewer)) };
}
