// The program feed of a debate: what is "on air" for the room display and the recording.
// Automatic by default: the floor holder when they publish, else the in-room `room`
// feed, else nothing. A moderator may put someone on air instead (override); null goes
// back to automatic. Pure: the debate's media session recomputes it on every change.
import type { MediaProducerInfo, MediaProgram } from '../server/src/protocol/media.ts';
import { ROOM_FEED_SOURCE } from './publish-policy.ts';

export const NO_PROGRAM: MediaProgram = { participantId: null, producerIds: [], auto: true };

export function computeProgram(o: {
  floorHolder: string | null;
  override: string | null;
  producers: readonly MediaProducerInfo[];
}): MediaProgram {
  const of = (id: string) => o.producers.filter((p) => p.participantId === id).map((p) => p.producerId);
  if (o.override !== null) return { participantId: o.override, producerIds: of(o.override), auto: false };
  if (o.floorHolder !== null) {
    const producerIds = of(o.floorHolder);
    if (producerIds.length > 0) return { participantId: o.floorHolder, producerIds, auto: true };
  }
  const room = o.producers.find((p) => p.appData.source === ROOM_FEED_SOURCE);
  if (!room) return NO_PROGRAM;
  const producerIds = o.producers
    .filter((p) => p.participantId === room.participantId && p.appData.source === ROOM_FEED_SOURCE)
    .map((p) => p.producerId);
  return { participantId: room.participantId, producerIds, auto: true };
}

export function sameProgram(a: MediaProgram, b: MediaProgram): boolean {
  return (
    a.participantId === b.participantId &&
    a.auto === b.auto &&
    a.producerIds.length === b.producerIds.length &&
    a.producerIds.every((id, i) => id === b.producerIds[i])
  );
}
