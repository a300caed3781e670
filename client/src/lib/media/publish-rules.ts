// When the local page publishes its microphone and camera, decided from the debate view
// (the server decides again and enforces it: this only keeps the page from asking for a
// camera it may not use). Pure.
//
// - a citizen or an invited guest: while holding the floor in oral mode (a paused floor
//   still counts: the server pauses the producers, the page keeps them ready);
// - the moderator: when they choose to go on air from the console;
// - the room display: when it is set up to carry the room feed (camera and microphone
//   of the room, `appData.source: 'room'`).
import type { DebateView, Role } from '../view-types.ts';

export type PublishSource = 'camera' | 'room';

export interface PublishIntent {
  source: PublishSource;
  audio: boolean;
  video: boolean;
}

export function publishIntent(
  view: DebateView | null,
  who: { role: Role; participantId: string | null },
  choices: { moderatorOnAir?: boolean; roomFeed?: boolean; cameraOff?: boolean } = {},
): PublishIntent | null {
  if (!view || view.debate.status !== 'live') return null;
  const video = !choices.cameraOff;
  switch (who.role) {
    case 'participant':
    case 'speaker': {
      const floor = view.turns.floor;
      const holds = floor !== null && floor.participantId === who.participantId && floor.mode === 'oral';
      return holds ? { source: 'camera', audio: true, video } : null;
    }
    case 'moderator':
      return choices.moderatorOnAir ? { source: 'camera', audio: true, video } : null;
    case 'display':
      return choices.roomFeed ? { source: 'room', audio: true, video } : null;
    case 'captioner':
      return null;
  }
}

/** `appData.source` of each track: the room feed marks both tracks `room`. */
export function sourceOf(intent: PublishIntent, kind: 'audio' | 'video'): string {
  if (intent.source === 'room') return 'room';
  return kind === 'audio' ? 'mic' : 'camera';
}

export function sameIntent(a: PublishIntent | null, b: PublishIntent | null): boolean {
  if (a === null || b === null) return a === b;
  return a.source === b.source && a.audio === b.audio && a.video === b.video;
}
