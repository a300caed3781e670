// Speaking turns in the log: the entities (queue entries, the floor, finished turns,
// agenda slots) and the payloads of the queue:*, floor:* and agenda:* events. Every viewer
// sees them whole. The media layer acts on the floor events alone (granted / paused /
// resumed / extended / expired / ended), so they carry the instants it needs: `deadline`
// and `cutAt`, when the microphone is cut (null: never, e.g. soft expiry or a written turn).
import { z } from 'zod';
import { RoleSchema } from '../common.ts';
import { InterventionModeSchema } from '../modalities.ts';
import { Ms } from './envelope.ts';
import { PRESENCE_EVENTS } from './presence.ts';

export const QueueEntrySchema = z.object({
  participantId: z.string(),
  name: z.string(),
  role: RoleSchema,
  mode: InterventionModeSchema,
  group: z.string().nullable(),
  raisedAt: Ms,
  /** Point of order: kept at the top of the queue. */
  priority: z.boolean(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

/** The turn being spoken. Timers are server timestamps, never ticking counters. */
export const FloorSchema = z.object({
  turnId: z.string(),
  participantId: z.string(),
  name: z.string(),
  role: RoleSchema,
  mode: InterventionModeSchema,
  group: z.string().nullable(),
  grantedAt: Ms,
  /** Allotted speaking time, extensions included. */
  allottedMs: Ms,
  /** Time spoken before the current running segment (pauses excluded). */
  accumulatedMs: Ms,
  /** Start of the running segment; null while paused. */
  runningSince: Ms.nullable(),
  /** When the allotted time runs out; null while paused.
   *  Invariant while running: deadline = runningSince + allottedMs - accumulatedMs. */
  deadline: Ms.nullable(),
  /** allottedMs - spoken at the pause (negative in soft overtime); null while running. */
  pausedRemainingMs: Ms.nullable(),
  /** Warning thresholds (seconds) already announced or already behind us. */
  warningsSent: z.array(z.number()),
  /** Soft expiry: when the overtime began (the deadline), once announced. */
  overtimeSince: Ms.nullable(),
  agendaSlotId: z.string().nullable(),
  contributionId: z.string().nullable(),
});
export type Floor = z.infer<typeof FloorSchema>;

export const TurnEndReasonSchema = z.enum(['ended', 'expired', 'yielded', 'debate_ended']);
export type TurnEndReason = z.infer<typeof TurnEndReasonSchema>;

export const TurnRecordSchema = z.object({
  turnId: z.string(),
  participantId: z.string(),
  name: z.string(),
  role: RoleSchema,
  group: z.string().nullable(),
  mode: InterventionModeSchema,
  startedAt: Ms,
  endedAt: Ms,
  allottedMs: Ms,
  /** Total time spoken, overtime included, pauses excluded. */
  spokenMs: Ms,
  /** Part of spokenMs beyond allottedMs (soft expiry only). */
  overtimeMs: Ms,
  endReason: TurnEndReasonSchema,
  agendaSlotId: z.string().nullable(),
  contributionId: z.string().nullable(),
});
export type TurnRecord = z.infer<typeof TurnRecordSchema>;

export const AgendaSlotSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** `speech`: one turn by the slot's group; `audience`: a period of turns from the queue. */
  kind: z.enum(['speech', 'audience']),
  group: z.string().nullable(),
  guestId: z.string().nullable(),
  seconds: z.number(),
  status: z.enum(['pending', 'current', 'done']),
});
export type AgendaSlot = z.infer<typeof AgendaSlotSchema>;

const Position = z.number().int().min(0);

export const QueueRaisedSchema = z.object({ entry: QueueEntrySchema, position: Position });
export type QueueRaised = z.infer<typeof QueueRaisedSchema>;
export const QueueLoweredSchema = z.object({ participantId: z.string() });
export type QueueLowered = z.infer<typeof QueueLoweredSchema>;
export const QueueMovedSchema = z.object({ participantId: z.string(), position: Position });
export type QueueMoved = z.infer<typeof QueueMovedSchema>;
export const QueueRemovedSchema = z.object({ participantId: z.string() });
export type QueueRemoved = z.infer<typeof QueueRemovedSchema>;
export const QueuePrioritizedSchema = z.object({ participantId: z.string() });
export type QueuePrioritized = z.infer<typeof QueuePrioritizedSchema>;

export const FloorGrantedSchema = z.object({
  turnId: z.string(),
  participantId: z.string(),
  name: z.string(),
  role: RoleSchema,
  group: z.string().nullable(),
  mode: InterventionModeSchema,
  allottedMs: Ms,
  grantedAt: Ms,
  deadline: Ms,
  agendaSlotId: z.string().nullable(),
  contributionId: z.string().nullable(),
  /** The allotted time was cut down to what remains of the group's quota. */
  cappedByQuota: z.boolean(),
  /** When the media layer cuts the microphone (domain/turns/timing.ts micCutAt); null: never. */
  cutAt: Ms.nullable(),
  /**
   * The person keeps their place in the queue: a written contribution read out is not the
   * author's raised hand (only a moderator's queue:removed or their own lowering takes it).
   */
  keepsQueueEntry: z.boolean(),
});
export type FloorGranted = z.infer<typeof FloorGrantedSchema>;

export const FloorPausedSchema = z.object({ turnId: z.string(), pausedAt: Ms, remainingMs: Ms, spokenMs: Ms });
export type FloorPaused = z.infer<typeof FloorPausedSchema>;

export const FloorResumedSchema = z.object({
  turnId: z.string(),
  resumedAt: Ms,
  deadline: Ms,
  /** When the media layer cuts the microphone; null: never. */
  cutAt: Ms.nullable(),
});
export type FloorResumed = z.infer<typeof FloorResumedSchema>;

export const FloorExtendedSchema = z.object({
  turnId: z.string(),
  addedMs: Ms,
  allottedMs: Ms,
  /** null while paused. */
  deadline: Ms.nullable(),
  remainingMs: Ms,
  /** When the media layer cuts the microphone; null: never (or paused). */
  cutAt: Ms.nullable(),
  /** What the moderator asked for; more than addedMs when the group's quota capped it. */
  requestedMs: Ms,
  /** The moderator extended past the group's quota on purpose (overrideQuota). */
  quotaOverridden: z.boolean(),
});
export type FloorExtended = z.infer<typeof FloorExtendedSchema>;

export const FloorWarningSchema = z.object({ turnId: z.string(), thresholdSeconds: z.number(), remainingMs: Ms });
export type FloorWarning = z.infer<typeof FloorWarningSchema>;

export const FloorOvertimeSchema = z.object({ turnId: z.string(), since: Ms });
export type FloorOvertime = z.infer<typeof FloorOvertimeSchema>;

/** Hard expiry: accounted at the deadline, exactly the allotted time; the media layer cuts the microphone. */
export const FloorExpiredSchema = z.object({
  turnId: z.string(),
  participantId: z.string(),
  endedAt: Ms,
  spokenMs: Ms,
  overtimeMs: z.literal(0),
  reason: z.literal('expired'),
});
export type FloorExpired = z.infer<typeof FloorExpiredSchema>;

export const FloorEndedSchema = z.object({
  turnId: z.string(),
  participantId: z.string(),
  endedAt: Ms,
  spokenMs: Ms,
  overtimeMs: Ms,
  reason: TurnEndReasonSchema.exclude(['expired']),
});
export type FloorEnded = z.infer<typeof FloorEndedSchema>;

/** A slot is closed (done, or skipped by the moderator). */
export const AgendaAdvancedSchema = z.object({ slotId: z.string() });
export type AgendaAdvanced = z.infer<typeof AgendaAdvancedSchema>;
/** The debate moves to a slot (it becomes current) before any turn is given for it. */
export const AgendaEnteredSchema = z.object({ slotId: z.string() });
export type AgendaEntered = z.infer<typeof AgendaEnteredSchema>;

export const TURNS_EVENTS = {
  'queue:raised': QueueRaisedSchema,
  'queue:lowered': QueueLoweredSchema,
  'queue:moved': QueueMovedSchema,
  'queue:removed': QueueRemovedSchema,
  'queue:prioritized': QueuePrioritizedSchema,
  'floor:granted': FloorGrantedSchema,
  'floor:paused': FloorPausedSchema,
  'floor:resumed': FloorResumedSchema,
  'floor:extended': FloorExtendedSchema,
  'floor:warning': FloorWarningSchema,
  'floor:overtime': FloorOvertimeSchema,
  'floor:expired': FloorExpiredSchema,
  'floor:ended': FloorEndedSchema,
  'agenda:advanced': AgendaAdvancedSchema,
  ...PRESENCE_EVENTS,
  'agenda:entered': AgendaEnteredSchema,
} as const;
