// What an HLS viewer is shown of the live state (speaker, countdown, poll results), held
// back by the media delay so that it matches the picture: a short history of the states
// the live connection received, each stamped with the server instant it arrived, and the
// state as it was `delayMs` ago. The delay comes from the player: the program date-time
// of the frame on screen (EXT-X-PROGRAM-DATE-TIME) against the server clock. The
// viewer's own actions never go through here: they are sent live. Pure (the caller owns
// the clock).
export interface Stamped<T> {
  at: number;
  value: T;
}

/** How much history is kept beyond the delay (a delay that grows still finds its state). */
export const HISTORY_MARGIN_MS = 30_000;

/** The history with `value` received at `at`, pruned of what no delay below `keepMs` needs. */
export function record<T>(history: readonly Stamped<T>[], at: number, value: T, keepMs: number): Stamped<T>[] {
  const next = history.length > 0 && history[history.length - 1]!.at > at ? [...history] : [...history, { at, value }];
  // Keep the newest entry older than the horizon: it is the state at the horizon.
  const horizon = at - keepMs;
  let first = 0;
  while (first + 1 < next.length && next[first + 1]!.at <= horizon) first += 1;
  return next.slice(first);
}

/** The state as it was at `now - delayMs` (the oldest known when the history starts later). */
export function delayedValue<T>(history: readonly Stamped<T>[], now: number, delayMs: number): T | null {
  if (history.length === 0) return null;
  const when = now - Math.max(0, delayMs);
  let found = history[0]!;
  for (const h of history) {
    if (h.at > when) break;
    found = h;
  }
  return found.value;
}

/** The media delay (ms): the server instant now against the program date-time on screen. */
export function mediaDelayMs(serverNow: number, playingDate: number | null): number | null {
  if (playingDate === null || !Number.isFinite(playingDate)) return null;
  return Math.max(0, serverNow - playingDate);
}

/** Seconds to say to a person: whole seconds, at least 1, steady within half a second. */
export function delaySeconds(delayMs: number): number {
  return Math.max(1, Math.round(delayMs / 1000));
}
