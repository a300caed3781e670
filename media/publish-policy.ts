// Who may publish media in a debate, decided from its status and floor (FloorSource). Pure.
//
// - moderator and speaker (invited guest): always, while the debate is live;
// - display: only the in-room feed (appData.source === 'room'). The room camera and
//   microphone are run from the display machine, or from a dedicated display-role token
//   on the encoder that films the room: no extra role is needed for it;
// - participant (citizen): only while holding the floor in oral mode. A floor paused by
//   the moderator still counts: the producer is created paused (floor control).
import type { Role } from '../server/src/protocol/common.ts';
import type { MediaAppData } from '../server/src/protocol/media.ts';
import type { DebateFloor } from './ports.ts';

export const ROOM_FEED_SOURCE = 'room';

/** null when allowed, else why not (the message of MEDIA_NOT_ALLOWED). */
export function publishRefusal(
  debate: DebateFloor,
  who: { participantId: string; role: Role | undefined },
  appData: MediaAppData,
): string | null {
  if (!debate.live) return 'media can be published only while the debate is live';
  switch (who.role) {
    case 'moderator':
    case 'speaker':
      return null;
    case 'display':
      return appData.source === ROOM_FEED_SOURCE
        ? null
        : `a display publishes only the room feed (appData.source: '${ROOM_FEED_SOURCE}')`;
    case 'participant': {
      const floor = debate.floor;
      if (floor?.participantId === who.participantId && floor.mode === 'oral') return null;
      return 'a participant may publish only while holding the floor in oral mode';
    }
    default:
      return 'unknown media participant';
  }
}
