// The recorder's RecordingTimeline (media/recording/ports.ts) over live debates: entries
// are appended through LiveDebate.appendSystemEvent (serialized with the commands,
// durable and hash-chained before they are broadcast; only recording:* types pass) and
// read back from the event store.
import { z } from 'zod';
import type { Actor, DebateEvent, EventDraft } from '../domain/types.ts';
import { RecordingChoiceSchema, RecordingStartedSchema, RecordingStoppedSchema } from '../protocol/events/index.ts';
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

/** A recording entry checked against the event contract before it goes to the log. */
const RecordingDraftSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('recording:started'), payload: RecordingStartedSchema }),
  z.object({ type: z.literal('recording:stopped'), payload: RecordingStoppedSchema }),
  z.object({ type: z.literal('recording:enabled'), payload: RecordingChoiceSchema }),
  z.object({ type: z.literal('recording:disabled'), payload: RecordingChoiceSchema }),
]);

export function recordingTimeline(debates: TimelineDebates, log: TimelineLog): RecordingTimeline {
  return {
    append: async (debateId, entry, by) => {
      const draft: EventDraft = RecordingDraftSchema.parse(entry);
      await (await debates.get(debateId)).appendSystemEvent(draft, by);
    },
    entries: async (debateId) =>
      (await log.load(debateId)).filter((e) => RECORDING_TYPES.has(e.type)).map(({ type, payload }) => ({ type, payload })),
  };
}
