// Turn timers: when the registry must wake up next, and what is due then (warnings,
// then expiry or overtime). Everything is computed from the floor's deadline, so a
// timer that fires late, or a server that was down, still accounts the expiry at the
// deadline itself. Also the drafts that close a floor, shared with floor:end.
import type { DebateState } from '../state.ts';
import type { EventDraft } from '../types.ts';
import { draft } from './events.ts';
import type { Floor } from './state.ts';
import { isHardExpired, spokenAt } from './timing.ts';

function pendingWarnings(state: DebateState, floor: Floor): number[] {
  const sent = new Set(floor.warningsSent);
  return [...new Set(state.modalities.turn.warningSeconds)].filter((t) => !sent.has(t)).sort((a, b) => b - a);
}

export function nextWakeTurns(state: DebateState): number | null {
  const floor = state.turns.floor;
  if (!floor || floor.deadline === null) return null;
  if (floor.overtimeSince !== null) return null;
  const times = pendingWarnings(state, floor).map((t) => floor.deadline! - t * 1000);
  return Math.min(floor.deadline, ...times);
}

/** The hard expiry of the floor: accounted at the deadline, exactly the allotted time. */
function expiredDraft(floor: Floor): EventDraft {
  return draft('floor:expired', {
    turnId: floor.turnId,
    participantId: floor.participantId,
    endedAt: floor.deadline!,
    spokenMs: floor.allottedMs,
    overtimeMs: 0,
    reason: 'expired',
  });
}

export function tickTurns(state: DebateState, now: number): EventDraft[] {
  const floor = state.turns.floor;
  if (!floor || floor.deadline === null) return [];
  const deadline = floor.deadline;
  if (now < deadline) {
    // Warnings whose time has come, most distant threshold first (chronological order).
    return pendingWarnings(state, floor)
      .filter((t) => deadline - t * 1000 <= now)
      .map((t) => draft('floor:warning', { turnId: floor.turnId, thresholdSeconds: t, remainingMs: deadline - now }));
  }
  // Past the deadline, unsent warnings are stale: only the expiry / overtime matters.
  if (state.modalities.turn.expiry === 'hard') return [expiredDraft(floor)];
  if (floor.overtimeSince !== null) return [];
  return [draft('floor:overtime', { turnId: floor.turnId, since: deadline })];
}

export type CloseReason = 'ended' | 'yielded' | 'debate_ended';

/**
 * Close the floor at `now` ([] if there is none). Used by floor:end, and by the
 * application layer before `debate:ended` (reason 'debate_ended'). A hard turn whose
 * deadline has passed (its timer not yet run) expired at the deadline: that is what
 * gets recorded, not `now`.
 */
export function endFloorDrafts(state: DebateState, now: number, reason: CloseReason): EventDraft[] {
  const floor = state.turns.floor;
  if (!floor) return [];
  if (isHardExpired(state, now)) return [expiredDraft(floor)];
  const spokenMs = spokenAt(floor, now);
  return [
    draft('floor:ended', {
      turnId: floor.turnId,
      participantId: floor.participantId,
      endedAt: now,
      spokenMs,
      overtimeMs: Math.max(0, spokenMs - floor.allottedMs),
      reason,
    }),
  ];
}
