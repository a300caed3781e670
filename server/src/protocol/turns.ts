// Payloads of the speaking-turn commands (queue, floor, agenda) sent by clients.
// Shared by the realtime gateway (validation) and the client (typed emitters).
import { z } from 'zod';
import { IdSchema } from './common.ts';
import { InterventionModeSchema, SlugSchema } from './modalities.ts';

/** Ask for the floor. A speaker's group is their guest group; others may pick one. */
export const QueueRaiseSchema = z.strictObject({
  mode: InterventionModeSchema,
  group: SlugSchema.optional(),
});
export type QueueRaise = z.infer<typeof QueueRaiseSchema>;

/** Leave the queue (the sender's own entry). */
export const QueueLowerSchema = z.strictObject({});
export type QueueLower = z.infer<typeof QueueLowerSchema>;

/** Moderator: move an entry to a 0-based position (clamped to the queue length). */
export const QueueMoveSchema = z.strictObject({
  participantId: IdSchema,
  position: z.number().int().min(0).max(10_000),
});
export type QueueMove = z.infer<typeof QueueMoveSchema>;

export const QueueRemoveSchema = z.strictObject({ participantId: IdSchema });
export type QueueRemove = z.infer<typeof QueueRemoveSchema>;

/** Moderator: point of order, the entry jumps to the top (after other priority entries). */
export const QueuePrioritizeSchema = z.strictObject({ participantId: IdSchema });
export type QueuePrioritize = z.infer<typeof QueuePrioritizeSchema>;

/**
 * Moderator: give the floor. Without participantId, to "the next one": the guest of the
 * next agenda speech slot, else the head of the queue.
 */
export const FloorGrantSchema = z.strictObject({
  participantId: IdSchema.optional(),
  seconds: z.number().int().min(1).max(3600).optional(),
  agendaSlotId: IdSchema.optional(),
});
export type FloorGrant = z.infer<typeof FloorGrantSchema>;

export const FloorPauseSchema = z.strictObject({});
export type FloorPause = z.infer<typeof FloorPauseSchema>;

export const FloorResumeSchema = z.strictObject({});
export type FloorResume = z.infer<typeof FloorResumeSchema>;

/** Moderator: add time to the current turn; capped by the group quota unless overridden. */
export const FloorExtendSchema = z.strictObject({
  seconds: z.number().int().min(1).max(3600),
  overrideQuota: z.boolean().optional(),
});
export type FloorExtend = z.infer<typeof FloorExtendSchema>;

/** Moderator ends the turn, or the holder yields it. */
export const FloorEndSchema = z.strictObject({});
export type FloorEnd = z.infer<typeof FloorEndSchema>;

/** Moderator: close the current (or first pending) agenda slot. */
export const AgendaAdvanceSchema = z.strictObject({});
export type AgendaAdvance = z.infer<typeof AgendaAdvanceSchema>;
