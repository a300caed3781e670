// When nobody holds the floor, whether the last turn just ran out (hard expiry): the room
// display then says "time is up" with the speaker's name for a few seconds. Pure.
import type { DebateView } from './view-types.ts';

/** How long the end of an expired turn stays on screen. */
export const EXPIRED_NOTICE_MS = 8000;

/** The turn that just ran out, while its notice is due; null otherwise. */
export function justExpired(view: Pick<DebateView, 'turns'>, now: number) {
  const last = view.turns.turns.at(-1);
  if (!last || view.turns.floor || last.endReason !== 'expired') return null;
  return now - last.endedAt < EXPIRED_NOTICE_MS ? last : null;
}
