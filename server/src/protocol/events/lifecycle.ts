// The debate's own lifecycle in the log: created, updated (modalities can change only
// before the debate goes live), announced, started, ended, archived; and, before it goes
// live, postponed (a new scheduled start, said publicly) or cancelled (for good). Viewers other than
// moderators receive created/updated without the access code (see PUBLIC_LIFECYCLE).
import { z } from 'zod';
import { ModalitiesSchema, ModalitiesViewSchema } from '../modalities.ts';
import { Ms } from './envelope.ts';

export const DebateCreatedSchema = z.object({
  debateId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  modalities: ModalitiesSchema,
  /** Set when an organizer duplicated another debate to create this one. */
  duplicatedFrom: z.string().optional(),
});
export type DebateCreated = z.infer<typeof DebateCreatedSchema>;

/** Only the fields that changed; `modalities` replaces the whole object. */
export const DebateUpdatedSchema = z.object({
  title: z.string().optional(),
  description: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  modalities: ModalitiesSchema.optional(),
});
export type DebateUpdated = z.infer<typeof DebateUpdatedSchema>;

/** announced / started / ended / archived: the instant of the transition (also the event's `at`). */
export const DebateTransitionSchema = z.object({ at: Ms });
export type DebateTransition = z.infer<typeof DebateTransitionSchema>;

/** Why, in the organizer's words (shown to the public); null when none was given. */
const ReasonSchema = z.string().max(500).nullable();

/** An announced debate will not take place. Terminal: duplicate it to plan anew. */
export const DebateCancelledSchema = z.object({ at: Ms, reason: ReasonSchema });
export type DebateCancelled = z.infer<typeof DebateCancelledSchema>;

/** A draft or announced debate moves to another date: `modalities.scheduledStart` becomes `to`. */
export const DebatePostponedSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  reason: ReasonSchema,
});
export type DebatePostponed = z.infer<typeof DebatePostponedSchema>;

export const LIFECYCLE_EVENTS = {
  'debate:created': DebateCreatedSchema,
  'debate:updated': DebateUpdatedSchema,
  'debate:announced': DebateTransitionSchema,
  'debate:started': DebateTransitionSchema,
  'debate:ended': DebateTransitionSchema,
  'debate:archived': DebateTransitionSchema,
  'debate:cancelled': DebateCancelledSchema,
  'debate:postponed': DebatePostponedSchema,
} as const;

/** As non-moderators receive them: the modalities without the access code (and so without its rule). */
export const PUBLIC_LIFECYCLE = {
  'debate:created': DebateCreatedSchema.extend({ modalities: ModalitiesViewSchema }),
  'debate:updated': DebateUpdatedSchema.extend({ modalities: ModalitiesViewSchema.optional() }),
} as const;
