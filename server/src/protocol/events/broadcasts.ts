// The broadcast in the log (appended by media/broadcast/, ignored by the domain's fold):
// `broadcast:started` / `stopped` are the HLS encoder's runs (a restart after a crash is a
// stop `failed` then a start: the playlist marks a discontinuity there), with `startedAt`
// the server instant of its first segment; `broadcast:destination` is a change of state of
// one RTMP push (never its URL's key); `broadcast:enabled` / `disabled` the moderator's choice.
import { z } from 'zod';
import { IdSchema } from '../common.ts';
import { PushStateSchema } from '../broadcast.ts';

export const BroadcastStartedSchema = z.object({ startedAt: z.number().int(), playlist: z.string() });
export type BroadcastStarted = z.infer<typeof BroadcastStartedSchema>;

export const BroadcastStopReasonSchema = z.enum(['moderator', 'debate_ended', 'shutdown', 'failed', 'restart', 'media_closed']);
export type BroadcastStopReason = z.infer<typeof BroadcastStopReasonSchema>;

export const BroadcastStoppedSchema = z.object({ reason: BroadcastStopReasonSchema, error: z.string().nullable() });
export type BroadcastStopped = z.infer<typeof BroadcastStoppedSchema>;

export const BroadcastDestinationEventSchema = z.object({
  destinationId: IdSchema,
  label: z.string(),
  state: PushStateSchema,
  reason: z.string().nullable(),
});
export type BroadcastDestinationEvent = z.infer<typeof BroadcastDestinationEventSchema>;

export const BroadcastChoiceSchema = z.object({});

export const BROADCAST_EVENTS = {
  'broadcast:started': BroadcastStartedSchema,
  'broadcast:stopped': BroadcastStoppedSchema,
  'broadcast:destination': BroadcastDestinationEventSchema,
  'broadcast:enabled': BroadcastChoiceSchema,
  'broadcast:disabled': BroadcastChoiceSchema,
} as const;
