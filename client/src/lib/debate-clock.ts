// The debate's overall clock: time elapsed since it started (until it ended) against the
// planned duration. Pure, from server timestamps (tested).
import type { DebateView } from './view-types.ts';

export interface DebateClock {
  started: boolean;
  elapsedMs: number;
  plannedMs: number;
  /** > 0 once the debate runs past its planned duration. */
  overMs: number;
}

export function debateClock(view: Pick<DebateView, 'debate'>, now: number): DebateClock {
  const { startedAt, endedAt, modalities } = view.debate;
  const plannedMs = modalities.plannedDurationMinutes * 60_000;
  if (startedAt === null) return { started: false, elapsedMs: 0, plannedMs, overMs: 0 };
  const elapsedMs = Math.max(0, (endedAt ?? now) - startedAt);
  return { started: true, elapsedMs, plannedMs, overMs: Math.max(0, elapsedMs - plannedMs) };
}
