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

type RoomPush = Exclude<keyof MediaPushes, 'media:consumer:closed' | 'media:reset'>;

export function applyRoomPush<E extends RoomPush>(room: RoomState, event: E, payload: MediaPushes[E]): RoomState {
  switch (event) {
    case 'media:producer:new': {
      const info = payload as MediaPushes['media:producer:new'];
      return { ...room, producers: [...room.producers.filter((p) => p.producerId !== info.producerId), info] };
    }
    case 'media:producer:closed': {
      const { producerId } = payload as MediaPushes['media:producer:closed'];
      return { ...room, producers: room.producers.filter((p) => p.producerId !== producerId) };
    }
    case 'media:producer:paused':
    case 'media:producer:resumed': {
      const { producerId } = payload as MediaPushes['media:producer:paused'];
      const paused = event === 'media:producer:paused';
      return { ...room, producers: room.producers.map((p) => (p.producerId === producerId ? { ...p, paused } : p)) };
    }
    case 'media:program':
      return { ...room, program: payload as MediaProgram };
    case 'media:active-speaker':
      return { ...room, activeSpeaker: (payload as MediaPushes['media:active-speaker']).participantId };
    case 'media:recording':
      return { ...room, recording: payload as MediaRecordingState };
    default:
      return room;
  }
}
