// Live polls in the log: the poll entity (definition, lifecycle, final results) and the
// payloads of the poll:* events. Ballots are not events (they go to the ballots table).
// Others than moderators and the proposer receive a proposal reduced to its id, and a
// `hidden` poll's results as null until the debate has ended (see POLLS_REDACTED).
import { z } from 'zod';
import {
  PollCloseReasonSchema,
  PollKindSchema,
  PollResultsSchema,
  PollStatusSchema,
  PollVisibilitySchema,
  ScaleMaxSchema,
} from '../polls.ts';
import { Ms } from './envelope.ts';

/** A poll definition once normalised: fields that do not apply to the kind are null. */
export const PollDefinitionFieldsSchema = z.object({
  question: z.string(),
  kind: PollKindSchema,
  /** Labels for single/multiple; empty for scale (the values are 1..scaleMax). */
  options: z.array(z.string()),
  /** multiple only. */
  maxChoices: z.number().int().nullable(),
  /** scale only. */
  scaleMax: ScaleMaxSchema.nullable(),
  anonymous: z.boolean(),
  visibility: PollVisibilitySchema,
  autoCloseSeconds: z.number().int().nullable(),
});
export type PollDefinitionFields = z.infer<typeof PollDefinitionFieldsSchema>;

export const PollSchema = PollDefinitionFieldsSchema.extend({
  id: z.string(),
  status: PollStatusSchema,
  /** Participant id of whoever created the record (moderator, or the proposer); null for admin/system. */
  createdBy: z.string().nullable(),
  /** Participant id of the citizen who proposed it; null for a moderator's poll. */
  proposedBy: z.string().nullable(),
  createdAt: Ms,
  openedAt: Ms.nullable(),
  /** openedAt + autoCloseSeconds; null without auto-close. */
  closesAt: Ms.nullable(),
  closedAt: Ms.nullable(),
  /** Final results, counted in the database at closing. */
  results: PollResultsSchema.nullable(),
  closeReason: PollCloseReasonSchema.nullable(),
  rejectReason: z.string().nullable(),
});
export type Poll = z.infer<typeof PollSchema>;

export const PollCreatedSchema = z.object({ poll: PollSchema });
export type PollCreated = z.infer<typeof PollCreatedSchema>;
export const PollProposedSchema = z.object({ poll: PollSchema });
export type PollProposed = z.infer<typeof PollProposedSchema>;

export const PollApprovedSchema = z.object({
  pollId: z.string(),
  /** The approved poll (its proposal was only visible to moderators and the proposer). */
  poll: PollSchema.optional(),
});
export type PollApproved = z.infer<typeof PollApprovedSchema>;

export const PollRejectedSchema = z.object({ pollId: z.string(), reason: z.string().nullable() });
export type PollRejected = z.infer<typeof PollRejectedSchema>;

export const PollOpenedSchema = z.object({ pollId: z.string(), openedAt: Ms, closesAt: Ms.nullable() });
export type PollOpened = z.infer<typeof PollOpenedSchema>;

export const PollClosedSchema = z.object({
  pollId: z.string(),
  closedAt: Ms,
  reason: PollCloseReasonSchema,
  results: PollResultsSchema,
  /** The poll's visibility, so that the event can be redacted without the state. */
  visibility: PollVisibilitySchema,
});
export type PollClosed = z.infer<typeof PollClosedSchema>;

/** poll:proposed as seen by others than moderators and the proposer. */
export const PollProposedRedactedSchema = z.object({ pollId: z.string() });
export type PollProposedRedacted = z.infer<typeof PollProposedRedactedSchema>;

/** poll:closed as seen by a viewer who may not see the results yet. */
export const PollClosedRedactedSchema = PollClosedSchema.extend({ results: z.null() });
export type PollClosedRedacted = z.infer<typeof PollClosedRedactedSchema>;

export const POLLS_EVENTS = {
  'poll:created': PollCreatedSchema,
  'poll:proposed': PollProposedSchema,
  'poll:approved': PollApprovedSchema,
  'poll:rejected': PollRejectedSchema,
  'poll:opened': PollOpenedSchema,
  'poll:closed': PollClosedSchema,
} as const;

/** The payloads a viewer may receive: the whole one, or its redaction. */
export const POLLS_REDACTED = {
  'poll:proposed': z.union([PollProposedSchema, PollProposedRedactedSchema]),
  'poll:closed': z.union([PollClosedSchema, PollClosedRedactedSchema]),
} as const;
