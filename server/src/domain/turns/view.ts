// What clients see of the turns slice. Nothing in it is secret, so every role gets the
// same copy; clients derive the countdown from `floor.deadline` and the server time.
import type { TurnsView } from '../../protocol/views.ts';
import type { DebateState, Viewer } from '../state.ts';

export type { TurnsView };

export function viewTurns(state: DebateState, _viewer: Viewer): TurnsView {
  // A deep copy: the view is serialized later, after the live state may have moved on.
  return structuredClone(state.turns);
}
