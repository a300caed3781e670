// Time arithmetic on the floor, all derived from server timestamps so that a late timer,
// a pause or a restart never changes the accounting: spoken = accumulated + running segment.
// The floor's own arithmetic (spokenAt, remainingAt) is the protocol's,
// shared with the client (protocol/folds/timing.ts); what needs the modalities is here.
import { spokenAt } from '../../protocol/folds/timing.ts';
import type { DebateState } from '../state.ts';
import type { Floor } from './state.ts';

export { remainingAt, spokenAt } from '../../protocol/folds/timing.ts';

/** A hard-expiry turn whose deadline has passed is over, even if the timer is late. */
export function isHardExpired(state: DebateState, now: number): boolean {
  const floor = state.turns.floor;
  return (
    floor !== null && state.modalities.turn.expiry === 'hard' && floor.deadline !== null && now >= floor.deadline
  );
}

/**
 * When the server must cut the holder's microphone: at the deadline of an oral turn
 * under hard expiry; never (null) for soft expiry, a written turn or a paused one.
 * The floor events carry it so that the media layer acts on the event alone.
 */
export function micCutAt(state: DebateState, mode: Floor['mode'], deadline: number | null): number | null {
  return state.modalities.turn.expiry === 'hard' && mode === 'oral' ? deadline : null;
}

/** The quota of a group in ms, or null when the group (or no group) has no quota. */
export function groupQuotaMs(state: DebateState, group: string | null): number | null {
  if (group === null) return null;
  const quota = state.modalities.groups.find((g) => g.id === group)?.quotaSeconds ?? null;
  return quota === null ? null : quota * 1000;
}

/**
 * What remains of a group's quota at `now`: quota - finished turns - the live floor's
 * spoken time if the floor belongs to the same group. null = unlimited.
 */
export function groupRemainingMs(state: DebateState, group: string | null, now: number): number | null {
  const quota = groupQuotaMs(state, group);
  if (quota === null || group === null) return null;
  const floor = state.turns.floor;
  const live = floor && floor.group === group ? spokenAt(floor, now) : 0;
  return quota - (state.turns.groupSpokenMs[group] ?? 0) - live;
}
