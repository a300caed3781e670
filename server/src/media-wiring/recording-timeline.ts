// The recorder's RecordingTimeline (media/recording/ports.ts) over live debates: entries
// are appended through LiveDebate.appendSystemEvent (serialized with the commands,
// durable and hash-chained before they are broadcast; only recording:* types pass) and
// read back from the event store.
import type { Actor, DebateEvent, EventDraft } from '../domain/types.ts';
import { RECORDING_EVENT_TYPES } from '../protocol/recordings.ts';
import type { RecordingTimeline } from '../../../media/recording/ports.ts';

/** What the timeline needs of the live debates (the registry) and of the event store. */
export interface TimelineDebates {
  get(debateId: string): Promise<{ appendSystemEvent(draft: EventDraft, actor?: Actor): Promise<unknown> }>;
}
export interface TimelineLog {
  load(debateId: string): Promise<DebateEvent[]>;
}

const RECORDING_TYPES: ReadonlySet<string> = new Set(RECORDING_EVENT_TYPES);

export function recordingTimeline(debates: TimelineDebates, log: TimelineLog): RecordingTimeline {
  return {
    append: async (debateId, entry, by) => {
      await (await debates.get(debateId)).appendSystemEvent(entry, by);
    },
    entries: async (debateId) =>
      (await log.load(debateId)).filter((e) => RECORDING_TYPES.has(e.type)).map(({ type, payload }) => ({ type, payload })),
  };
}
