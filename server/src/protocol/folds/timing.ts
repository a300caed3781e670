// Time arithmetic on the floor, all derived from server timestamps so that a late timer,
// a pause or a restart never changes the accounting: spoken = accumulated + running
// segment. Shared by the domain (timers, quotas, closing a turn) and the client
// (countdowns, speaking time shown against the quotas).
import type { Floor } from '../events/turns.ts';

type Running = Pick<Floor, 'accumulatedMs' | 'runningSince'>;

/** Time spoken in this turn at server time `now`, pauses excluded. */
export function spokenAt(floor: Running, now: number): number {
  const running = floor.runningSince === null ? 0 : Math.max(0, now - floor.runningSince);
  return floor.accumulatedMs + running;
}

/** Allotted minus spoken at `now` (negative in soft overtime). */
export function remainingAt(floor: Running & Pick<Floor, 'allottedMs'>, now: number): number {
  return floor.allottedMs - spokenAt(floor, now);
}

/** Thresholds already behind a turn with `remainingMs` left: they must not fire. */
export function passedWarnings(warningSeconds: readonly number[], remainingMs: number): number[] {
  return [...new Set(warningSeconds)].filter((t) => t * 1000 >= remainingMs).sort((a, b) => b - a);
}
