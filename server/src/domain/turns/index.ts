// Public surface of the speaking-turns domain module (queue, floor and countdown,
// speaking-time accounting, quotas, agenda). See ../state.ts for the module contract.
import type { Modalities } from '../../protocol/modalities.ts';
import { buildAgenda } from './agenda.ts';
import type { TurnsState } from './state.ts';

export function initialTurns(modalities: Modalities): TurnsState {
  return { queue: [], floor: null, turns: [], spokenMs: {}, groupSpokenMs: {}, agenda: buildAgenda(modalities), presence: {}, lastSkipped: [] };
}

export { applyTurns } from './apply.ts';
export { turnsCommands } from './commands.ts';
export { nextWakeTurns, tickTurns, endFloorDrafts, type CloseReason } from './timers.ts';
export { viewTurns, type TurnsView } from './view.ts';
export { buildGrant, type GrantRequest } from './grant.ts';
export { guestParticipantId, guestForParticipant } from './guests.ts';
export { awayTooLong, pickNext, presenceDrafts, presenceFor, DEFAULT_PRESENCE_GRACE_MS, type PresenceReport } from './presence.ts';
export { spokenAt, remainingAt, groupRemainingMs } from './timing.ts';
export type * from './state.ts';
export type * from './events.ts';
