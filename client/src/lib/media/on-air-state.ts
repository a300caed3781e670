// What a person on the floor is told about their own microphone and camera: ONE state at
// a time, the most specific true one (pure, tested). The server pauses a holder's
// producers for the timer (paused or run-out turn) and when the régie cuts them; the
// régie may also show someone else (the room) while the floor is theirs.
import type { MediaProgram } from '../../../../server/src/protocol/media.ts';

export type OnAirState =
  | 'starting'
  | 'failed'
  | 'on_air'
  | 'self_muted'
  | 'paused_by_timer'
  | 'cut_by_regie'
  | 'off_air_room'
  | 'ended';

export interface OnAirInput {
  publishStatus: 'off' | 'starting' | 'on' | 'failed';
  /** The server holds (pauses) at least one of our producers. */
  held: boolean;
  micMuted: boolean;
  /** Our turn is paused, or its time has run out. */
  timerStopped: boolean;
  program: MediaProgram;
  self: string | null;
  /** The page still means to publish (the floor is ours). */
  intended: boolean;
}

export function onAirState(i: OnAirInput): OnAirState {
  if (i.publishStatus === 'failed') return 'failed';
  if (i.publishStatus !== 'on') return i.intended ? 'starting' : 'ended';
  if (i.timerStopped) return 'paused_by_timer';
  if (i.held) return 'cut_by_regie';
  if (i.program.participantId !== null && i.program.participantId !== i.self) return 'off_air_room';
  if (i.micMuted) return 'self_muted';
  return 'on_air';
}

export const ON_AIR_MESSAGES = {
  starting: 'media.publish.starting',
  failed: 'media.publish.failed',
  on_air: 'media.publish.on',
  self_muted: 'media.state.selfMuted',
  paused_by_timer: 'media.state.pausedByTimer',
  cut_by_regie: 'media.state.cutByRegie',
  off_air_room: 'media.state.offAirRoom',
  ended: 'media.publish.ended',
} as const;
