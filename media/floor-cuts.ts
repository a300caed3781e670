// When floor control cuts the holder's microphone, from the floor signals alone. Pure:
// the floor bridge keeps one FloorTrack per debate and sets its timer from cutDelay.
//
// The instant is the domain's (`cutAt`, its micCutAt rule); the media layer only decides
// to act on it by its own timer rather than wait for `floor:expired`, which is appended to
// the log before it is broadcast: storage latency would delay the cut.
import type { FloorSignal, FloorView } from './ports.ts';

export interface FloorTrack {
  turnId: string;
  participantId: string;
  /** null: no cut pending (paused floor, soft expiry, written turn). */
  cutAt: number | null;
}

/** The floor after a signal; null when nobody holds it. */
export function trackFloor(track: FloorTrack | null, signal: FloorSignal): FloorTrack | null {
  switch (signal.type) {
    case 'granted':
      return { turnId: signal.turnId, participantId: signal.participantId, cutAt: signal.cutAt };
    case 'halted':
      return track && { ...track, cutAt: null };
    case 'running':
      return track && track.turnId === signal.turnId ? { ...track, cutAt: signal.cutAt } : track;
    case 'ended':
    case 'debateEnded':
      return null;
  }
}

/** The floor a session opening mid-debate starts from. */
export function trackOfView(view: FloorView | null): FloorTrack | null {
  return view && { turnId: view.turnId, participantId: view.participantId, cutAt: view.running ? view.cutAt : null };
}

/**
 * How long until the cut (0: now), or null when none is pending. A timer may fire a little
 * early against the server clock: asked again then, it gives the rest.
 */
export function cutDelay(track: FloorTrack | null, now: number): number | null {
  if (!track || track.cutAt === null) return null;
  return Math.max(0, track.cutAt - now);
}
