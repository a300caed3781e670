// The room as a page knows it: the publications (with their paused flag), the program,
// the active speaker and whether the debate is being recorded. Loaded from `media:capabilities`, then kept current by the
// media:* pushes. Pure, so a missed or repeated push is easy to reason about: every
// update is idempotent and keyed by producer id.
import type { MediaProducerInfo, MediaCapabilitiesReply, MediaProgram, MediaRecordingState } from '../../../../server/src/protocol/media.ts';
import type { MediaPushes } from './signaling.ts';

export interface RoomState {
  producers: MediaProducerInfo[];
  program: MediaProgram;
  activeSpeaker: string | null;
  /** null: a server without the recorder. */
  recording: MediaRecordingState | null;
}

export const EMPTY_ROOM: RoomState = {
  producers: [],
  program: { participantId: null, producerIds: [], auto: true },
  activeSpeaker: null,
  recording: null,
};

/** The room as `media:capabilities` describes it. */
export function roomFromCapabilities(caps: MediaCapabilitiesReply): RoomState {
  return { producers: caps.producers, program: caps.program, activeSpeaker: caps.activeSpeaker, recording: caps.recording ?? null };
}

// media:broadcast is followed by the broadcast panel itself (components/broadcast-console.tsx).
type RoomPush = Exclude<keyof MediaPushes, 'media:consumer:closed' | 'media:reset' | 'media:broadcast'>;

const paused =
  (value: boolean) =>
  (room: RoomState, { producerId }: MediaPushes['media:producer:paused']): RoomState => ({
    ...room,
    producers: room.producers.map((p) => (p.producerId === producerId ? { ...p, paused: value } : p)),
  });

/** One update per push, each taking exactly its push's payload. */
const APPLY: { [E in RoomPush]: (room: RoomState, payload: MediaPushes[E]) => RoomState } = {
  'media:producer:new': (room, info) => ({
    ...room,
    producers: [...room.producers.filter((p) => p.producerId !== info.producerId), info],
  }),
  'media:producer:closed': (room, { producerId }) => ({
    ...room,
    producers: room.producers.filter((p) => p.producerId !== producerId),
  }),
  'media:producer:paused': paused(true),
  'media:producer:resumed': paused(false),
  'media:program': (room, program) => ({ ...room, program }),
  'media:active-speaker': (room, { participantId }) => ({ ...room, activeSpeaker: participantId }),
  'media:recording': (room, recording) => ({ ...room, recording }),
};

export function applyRoomPush<E extends RoomPush>(room: RoomState, event: E, payload: MediaPushes[E]): RoomState {
  const apply: (room: RoomState, payload: MediaPushes[E]) => RoomState = APPLY[event];
  return apply(room, payload);
}
