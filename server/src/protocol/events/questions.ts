// The Q&A board and written contributions in the log: the question and contribution
// entities and the payloads of the question:* and contribution:* events. Others than
// moderators and the author receive a pending question or an unread contribution reduced
// to its id, and an upvote without its voter (see QUESTIONS_REDACTED).
import { z } from 'zod';
import { ContributionStatusSchema, QuestionStatusSchema } from '../questions.ts';
import { Ms } from './envelope.ts';

export const QuestionSchema = z.object({
  id: z.string(),
  text: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  status: QuestionStatusSchema,
  upvotes: z.number().int().min(0),
  /** Participant ids who upvoted (never shown to non-moderators). */
  voters: z.array(z.string()),
  askedAt: Ms,
  answeredAt: Ms.nullable(),
});
export type Question = z.infer<typeof QuestionSchema>;

export const ContributionSchema = z.object({
  id: z.string(),
  text: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  group: z.string().nullable(),
  status: ContributionStatusSchema,
  submittedAt: Ms,
  readAt: Ms.nullable(),
  /** The written turn it was read out in. */
  turnId: z.string().nullable(),
});
export type Contribution = z.infer<typeof ContributionSchema>;

export const QuestionAskedSchema = z.object({ question: QuestionSchema });
export type QuestionAsked = z.infer<typeof QuestionAskedSchema>;

export const QuestionUpvotedSchema = z.object({
  questionId: z.string(),
  participantId: z.string(),
  upvotes: z.number().int().min(0),
});
export type QuestionUpvoted = z.infer<typeof QuestionUpvotedSchema>;

/** question:approved / hidden / answered. */
export const QuestionModeratedSchema = z.object({
  questionId: z.string(),
  at: Ms,
  /** On approval: the question as it becomes visible, so clients that only had its id can show it. */
  question: QuestionSchema.optional(),
});
export type QuestionModerated = z.infer<typeof QuestionModeratedSchema>;

export const ContributionSubmittedSchema = z.object({ contribution: ContributionSchema });
export type ContributionSubmitted = z.infer<typeof ContributionSubmittedSchema>;

export const ContributionReadOutSchema = z.object({
  contributionId: z.string(),
  turnId: z.string(),
  /** The text being read out: it becomes public at this point. */
  contribution: ContributionSchema,
});
export type ContributionReadOut = z.infer<typeof ContributionReadOutSchema>;

export const ContributionDismissedSchema = z.object({ contributionId: z.string() });
export type ContributionDismissed = z.infer<typeof ContributionDismissedSchema>;

/** Reduced payloads for viewers who may not see the original. */
export const QuestionAskedRedactedSchema = z.object({ questionId: z.string() });
export type QuestionAskedRedacted = z.infer<typeof QuestionAskedRedactedSchema>;
export const QuestionUpvotedRedactedSchema = QuestionUpvotedSchema.omit({ participantId: true });
export type QuestionUpvotedRedacted = z.infer<typeof QuestionUpvotedRedactedSchema>;
export const ContributionSubmittedRedactedSchema = z.object({ contributionId: z.string() });
export type ContributionSubmittedRedacted = z.infer<typeof ContributionSubmittedRedactedSchema>;

export const QUESTIONS_EVENTS = {
  'question:asked': QuestionAskedSchema,
  'question:upvoted': QuestionUpvotedSchema,
  'question:approved': QuestionModeratedSchema,
  'question:hidden': QuestionModeratedSchema,
  'question:answered': QuestionModeratedSchema,
  'contribution:submitted': ContributionSubmittedSchema,
  'contribution:read': ContributionReadOutSchema,
  'contribution:dismissed': ContributionDismissedSchema,
} as const;

/** The payloads a viewer may receive: the whole one, or its redaction. */
export const QUESTIONS_REDACTED = {
  'question:asked': z.union([QuestionAskedSchema, QuestionAskedRedactedSchema]),
  'question:upvoted': z.union([QuestionUpvotedSchema, QuestionUpvotedRedactedSchema]),
  'contribution:submitted': z.union([ContributionSubmittedSchema, ContributionSubmittedRedactedSchema]),
} as const;
