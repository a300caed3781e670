// Presence in the log: whether a participant has at least one socket connected, on any
// node (`presence:changed`, a batch of changes each carrying its instant; only
// moderators receive the changes), and whom "next" passed over
// because they were away longer than the grace period (`queue:skipped`; they keep their
// place and the moderator can still give them the floor by name). Folded into the turns
// slice (`turns.presence`), since the queue and the floor are what presence is for.
import { z } from 'zod';
import { RoleSchema } from '../common.ts';
import { Ms } from './envelope.ts';

export const PresenceSchema = z.object({
  name: z.string(),
  role: RoleSchema,
  connected: z.boolean(),
  /** Since when connected, or away (ms, server time). */
  since: Ms,
});
export type Presence = z.infer<typeof PresenceSchema>;

export const PresenceChangeSchema = PresenceSchema.extend({ participantId: z.string() });
export type PresenceChange = z.infer<typeof PresenceChangeSchema>;

/** Changes are batched (the owner flushes them a few times a second), so a crowd arriving is a few events, not one per person. */
export const PresenceChangedSchema = z.object({ changes: z.array(PresenceChangeSchema) });
export type PresenceChanged = z.infer<typeof PresenceChangedSchema>;

export const SkippedEntrySchema = z.object({
  participantId: z.string(),
  name: z.string(),
  awaySince: Ms,
});
export type SkippedEntry = z.infer<typeof SkippedEntrySchema>;

export const QueueSkippedSchema = z.object({
  /** In queue order; each keeps their place. */
  skipped: z.array(SkippedEntrySchema),
  /** The grace period that applied. */
  graceMs: Ms,
});
export type QueueSkipped = z.infer<typeof QueueSkippedSchema>;

export const PRESENCE_EVENTS = {
  'presence:changed': PresenceChangedSchema,
  'queue:skipped': QueueSkippedSchema,
} as const;
