// What the media layer needs from the rest of the server, as narrow interfaces that the
// composition root (server/src/media-wiring/) implements: the floor as the domain decided
// it (signals translated from committed events, and a view of the current floor), a way
// to push to clients (Socket.IO), and, for recordings, rows and timeline entries. The
// media layer never sees the debate state, the log or the database themselves.
import type { Role } from '../server/src/protocol/common.ts';
import type { InterventionMode } from '../server/src/protocol/modalities.ts';

/**
 * One committed change of a debate's floor, as the media layer needs it. `cutAt` is the
 * domain's rule (micCutAt): the instant the holder's microphone is cut (the deadline of an
 * oral turn under hard expiry), null when it never is (soft expiry, written turn).
 */
export type FloorSignal =
  | { type: 'granted'; debateId: string; turnId: string; participantId: string; role: Role; mode: InterventionMode; cutAt: number | null }
  /** The moderator paused the floor. */
  | { type: 'halted'; debateId: string }
  /** Resumed, or extended while running: a new deadline. */
  | { type: 'running'; debateId: string; turnId: string; cutAt: number | null }
  /** Expired or ended: the holder loses the floor. */
  | { type: 'ended'; debateId: string; participantId: string }
  | { type: 'debateEnded'; debateId: string };

/** The floor as it stands (a session opening mid-debate or after a restart applies it). */
export interface FloorView {
  turnId: string;
  participantId: string;
  role: Role;
  mode: InterventionMode;
  /** false while the moderator holds it paused. */
  running: boolean;
  /** As in FloorSignal; null while paused. */
  cutAt: number | null;
}

/** What the media layer may know of a live debate right now. */
export interface DebateFloor {
  live: boolean;
  floor: FloorView | null;
}

export interface FloorSource {
  /** The debate's status and floor on this node (NOT_OWNER / DEBATE_NOT_FOUND otherwise). */
  current(debateId: string): Promise<DebateFloor>;
}

export interface MediaNotifier {
  /** To every client of the debate. */
  toDebate(debateId: string, event: string, payload: unknown): void;
  /** To every socket of these participants of the debate. */
  toParticipants(debateId: string, participantIds: string[], event: string, payload: unknown): void;
}
