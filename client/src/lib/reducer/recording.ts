// Client fold of the recording events (media/recording/ appends them to the log): the
// files of the archive and the moderator's on/off choice. The debate view carries none
// of it (consoles follow recording through the media:recording push), so they change
// nothing but the seq; they must still be known here, or the store would resync on each.
import { RECORDING_EVENT_TYPES } from '../../../../server/src/protocol/recordings.ts';
import { BROADCAST_EVENT_TYPES } from '../../../../server/src/protocol/broadcast.ts';
import type { SliceReducer } from './common.ts';

// The broadcast's events (media/broadcast/) are the same kind: consoles follow media:broadcast.
const TYPES: ReadonlySet<string> = new Set([...RECORDING_EVENT_TYPES, ...BROADCAST_EVENT_TYPES]);

export const reduceRecording: SliceReducer = (view, e) => (TYPES.has(e.type) ? { view } : undefined);
