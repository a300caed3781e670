// The broadcast's ports (media/broadcast/ports.ts) over the server: the destinations with
// their keys from the database, and the timeline through LiveDebate.appendSystemEvent
// (only broadcast:* entries, checked against the event contract before they go).
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { destinationsWithKeys } from '../db/broadcast-destinations-repo.ts';
import type { EventDraft } from '../domain/types.ts';
import { BROADCAST_EVENT_TYPES } from '../protocol/broadcast.ts';
import { BroadcastChoiceSchema, BroadcastDestinationEventSchema, BroadcastStartedSchema, BroadcastStoppedSchema } from '../protocol/events/broadcasts.ts';
import type { BroadcastTimeline, DestinationSource } from '../../../media/broadcast/ports.ts';
import type { TimelineDebates, TimelineLog } from './recording-timeline.ts';

const BroadcastDraftSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('broadcast:started'), payload: BroadcastStartedSchema }),
  z.object({ type: z.literal('broadcast:stopped'), payload: BroadcastStoppedSchema }),
  z.object({ type: z.literal('broadcast:destination'), payload: BroadcastDestinationEventSchema }),
  z.object({ type: z.literal('broadcast:enabled'), payload: BroadcastChoiceSchema }),
  z.object({ type: z.literal('broadcast:disabled'), payload: BroadcastChoiceSchema }),
]);

const TYPES: ReadonlySet<string> = new Set(BROADCAST_EVENT_TYPES);

export function broadcastTimeline(debates: TimelineDebates, log: TimelineLog): BroadcastTimeline {
  return {
    append: async (debateId, entry, by) => {
      const draft = BroadcastDraftSchema.parse(entry) as EventDraft;
      await (await debates.get(debateId)).appendSystemEvent(draft, by);
    },
    entries: async (debateId) => (await log.load(debateId)).filter((e) => TYPES.has(e.type)).map(({ type, payload }) => ({ type, payload })),
  };
}

export function destinationSource(database: Pick<Database, 'db'>): DestinationSource {
  return { list: (debateId) => destinationsWithKeys(database, debateId) };
}
