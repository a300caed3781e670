// What clients see of the turns slice: the same copy for every role except presence
// (moderators only); clients derive the countdown from
// `floor.deadline` and the server time.
import type { TurnsView } from '../../protocol/views.ts';
import type { DebateState, Viewer } from '../state.ts';
import { presenceFor } from './presence.ts';

export type { TurnsView };

export function viewTurns(state: DebateState, viewer: Viewer): TurnsView {
  // A deep copy: the view is serialized later, after the live state may have moved on.
  const view = structuredClone(state.turns);
  // Who is online is for the moderators.
  view.presence = presenceFor(view.presence, viewer);
  return view;
}
