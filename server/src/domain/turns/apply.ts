// The fold of turns events into state.turns: the protocol's shared fold
// (protocol/folds/turns.ts), the same one the client folds its view with. The server
// ignores an event that does not fit (a stale floor event is a no-op).
import { foldTurns } from '../../protocol/folds/turns.ts';
import type { DebateState } from '../state.ts';
import type { DebateEvent } from '../types.ts';

export function applyTurns(state: DebateState, event: DebateEvent): void {
  foldTurns(state.turns, event, state.modalities.turn.warningSeconds);
}
