// Which publications a page receives and which of them make the picture and the sound
// it plays. Pure: the session calls it on every change of the room (producers, program,
// audio-only choice) and acts on the difference.
//
// - `program` scope (citizen, room display, moderator preview): the producers on air;
// - `all` scope: every publication (a control room that watches everyone);
// - one's own publications are never received (no echo, no wasted bandwidth);
// - audio only: video is not received at all (the point of the option on a weak
//   connection); a video consumer opened before the switch is kept, paused locally.
import type { MediaProducerInfo, MediaProgram } from '../../../../server/src/protocol/media.ts';

export type ConsumeScope = 'program' | 'all' | 'none';

export interface RoomView {
  producers: readonly MediaProducerInfo[];
  program: MediaProgram;
}

export interface SelectionInput extends RoomView {
  scope: ConsumeScope;
  /** The local participant (null: a display without an identity of its own). */
  self: string | null;
  audioOnly: boolean;
}

/** The producers this page should be receiving now. */
export function wantedProducers(i: SelectionInput): MediaProducerInfo[] {
  if (i.scope === 'none') return [];
  const onAir = new Set(i.program.producerIds);
  return i.producers.filter(
    (p) =>
      p.participantId !== i.self &&
      (i.scope === 'all' || onAir.has(p.producerId)) &&
      (p.kind === 'audio' || !i.audioOnly),
  );
}

/** Wanted producers that have no consumer yet (and none being opened). */
export function toConsume(i: SelectionInput, consumed: ReadonlySet<string>): MediaProducerInfo[] {
  return wantedProducers(i).filter((p) => !consumed.has(p.producerId));
}

export interface ProgramFeed {
  /** Who is on air (null: nobody). */
  participantId: string | null;
  /** The picture: the newest video on air (a page reloaded mid-turn leaves an older, silent one behind). */
  video: MediaProducerInfo | null;
  /** Every voice on air. */
  audio: MediaProducerInfo[];
  /** On air is the local participant: nothing to receive, show the local preview instead. */
  self: boolean;
}

export function programFeed(room: RoomView, self: string | null, audioOnly: boolean): ProgramFeed {
  const byId = new Map(room.producers.map((p) => [p.producerId, p]));
  const onAir = room.program.producerIds.map((id) => byId.get(id)).filter((p): p is MediaProducerInfo => p !== undefined);
  const videos = audioOnly ? [] : onAir.filter((p) => p.kind === 'video');
  return {
    participantId: room.program.participantId,
    video: videos.at(-1) ?? null,
    audio: onAir.filter((p) => p.kind === 'audio'),
    self: room.program.participantId !== null && room.program.participantId === self,
  };
}

/** The producers of a room grouped by participant, in order of first publication. */
export function publishersOf(producers: readonly MediaProducerInfo[]): { participantId: string; producers: MediaProducerInfo[] }[] {
  const out = new Map<string, MediaProducerInfo[]>();
  for (const p of producers) {
    const list = out.get(p.participantId);
    if (list) list.push(p);
    else out.set(p.participantId, [p]);
  }
  return [...out].map(([participantId, list]) => ({ participantId, producers: list }));
}
