// Payloads of the live-poll commands (create, propose, approve, reject, open) and the
// shape of poll results. Voting and closing are gateway events (see realtime.ts): they
// go through the ballot store, not the event log. Shared with the client.
import { z } from 'zod';
import { safeText } from './text.ts';
import { IdSchema } from './common.ts';

export const PollKindSchema = z.enum(['single', 'multiple', 'scale']);
export type PollKind = z.infer<typeof PollKindSchema>;

/** Who sees the results: `live` everyone while voting, `after_close` everyone once
 *  closed, `hidden` moderators only until the debate has ended. */
export const PollVisibilitySchema = z.enum(['live', 'after_close', 'hidden']);
export type PollVisibility = z.infer<typeof PollVisibilitySchema>;

export const PollStatusSchema = z.enum(['proposed', 'draft', 'open', 'closed', 'rejected']);
export type PollStatus = z.infer<typeof PollStatusSchema>;

export const PollCloseReasonSchema = z.enum(['moderator', 'auto', 'debate_ended']);
export type PollCloseReason = z.infer<typeof PollCloseReasonSchema>;

export const ScaleMaxSchema = z.union([z.literal(5), z.literal(10)]);
export type ScaleMax = z.infer<typeof ScaleMaxSchema>;

export const MAX_POLL_OPTIONS = 20;

const definitionShape = {
  question: safeText({ min: 1, max: 300 }),
  kind: PollKindSchema,
  /** Option labels (single/multiple). A scale poll has none: its values are 1..scaleMax. */
  options: z.array(safeText({ min: 1, max: 120 })).max(MAX_POLL_OPTIONS).default([]),
  /** multiple only: how many options a ballot may tick (default: all of them). */
  maxChoices: z.number().int().min(1).max(MAX_POLL_OPTIONS).optional(),
  /** scale only. */
  scaleMax: ScaleMaxSchema.optional(),
  anonymous: z.boolean().default(false),
  visibility: PollVisibilitySchema.default('live'),
  /** Closes by itself this long after opening; null = only by the moderator. */
  autoCloseSeconds: z.number().int().min(5).max(86_400).nullable().default(null),
};

type DefinitionFields = {
  kind: PollKind;
  options: string[];
  maxChoices?: number | undefined;
  scaleMax?: ScaleMax | undefined;
};

// Rules across fields, shared by every schema carrying a definition (zod 4 refuses to
// extend a refined object, so the refinement is applied to each one).
function refineDefinition(d: DefinitionFields, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (d.kind === 'scale') {
    if (d.options.length > 0) issue('options', 'a scale poll has no options: its values are 1..scaleMax');
    if (d.scaleMax === undefined) issue('scaleMax', 'required for a scale poll (5 or 10)');
    if (d.maxChoices !== undefined) issue('maxChoices', 'only for a multiple-choice poll');
    return;
  }
  if (d.options.length < 2) issue('options', 'at least 2 options');
  if (new Set(d.options).size !== d.options.length) issue('options', 'options must be distinct');
  if (d.scaleMax !== undefined) issue('scaleMax', 'only for a scale poll');
  if (d.kind === 'single' && d.maxChoices !== undefined) issue('maxChoices', 'only for a multiple-choice poll');
  if (d.kind === 'multiple' && d.maxChoices !== undefined && d.maxChoices > d.options.length) {
    issue('maxChoices', `at most the number of options (${d.options.length})`);
  }
}

export const PollDefinitionSchema = z.strictObject(definitionShape).superRefine(refineDefinition);
export type PollDefinition = z.infer<typeof PollDefinitionSchema>;
export type PollDefinitionInput = z.input<typeof PollDefinitionSchema>;

/** Moderator: create a poll (a draft), optionally opening it at once. */
export const PollCreateSchema = z
  .strictObject({ ...definitionShape, openNow: z.boolean().optional() })
  .superRefine(refineDefinition);
export type PollCreate = z.infer<typeof PollCreateSchema>;

/** Participant or speaker: suggest a poll; the moderator approves or rejects it. */
export const PollProposeSchema = PollDefinitionSchema;
export type PollPropose = z.infer<typeof PollProposeSchema>;

export const PollApproveSchema = z.strictObject({ pollId: IdSchema, openNow: z.boolean().optional() });
export type PollApprove = z.infer<typeof PollApproveSchema>;

export const PollRejectSchema = z.strictObject({ pollId: IdSchema, reason: safeText({ max: 300 }).optional() });
export type PollReject = z.infer<typeof PollRejectSchema>;

export const PollOpenSchema = z.strictObject({ pollId: IdSchema });
export type PollOpen = z.infer<typeof PollOpenSchema>;

/**
 * Results of a poll: `counts[i]` is the number of ballots ticking option i, or for a
 * scale poll choosing the value i + 1. `mean` (scale only) is absent without ballots.
 */
export const PollResultsSchema = z.object({
  counts: z.array(z.number().int().min(0)),
  totalBallots: z.number().int().min(0),
  mean: z.number().optional(),
});
export type PollResults = z.infer<typeof PollResultsSchema>;
