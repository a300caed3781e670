// Payloads of the Q&A board commands (questions asked, upvoted and moderated) and of
// written contributions (submitted by citizens, read out by the moderator as a turn).
// Shared by the realtime gateway (validation) and the client (typed emitters).
import { z } from 'zod';
import { safeText } from './text.ts';
import { IdSchema } from './common.ts';
import { SlugSchema } from './modalities.ts';

export const QuestionStatusSchema = z.enum(['pending', 'approved', 'hidden', 'answered']);
export type QuestionStatus = z.infer<typeof QuestionStatusSchema>;

export const ContributionStatusSchema = z.enum(['submitted', 'read', 'dismissed']);
export type ContributionStatus = z.infer<typeof ContributionStatusSchema>;

/** Ask a question (pending moderation when the debate moderates questions). */
export const QuestionAskSchema = z.strictObject({ text: safeText({ min: 1, max: 1000, multiline: true }) });
export type QuestionAsk = z.infer<typeof QuestionAskSchema>;

/** Every command naming one question: upvote (citizens), approve / hide / answer (moderator). */
export const QuestionRefSchema = z.strictObject({ questionId: IdSchema });
export type QuestionRef = z.infer<typeof QuestionRefSchema>;

export const QuestionUpvoteSchema = QuestionRefSchema;
export const QuestionApproveSchema = QuestionRefSchema;
export const QuestionHideSchema = QuestionRefSchema;
export const QuestionAnswerSchema = QuestionRefSchema;

/** Submit a written contribution, optionally for a group (a speaker's is their guest group). */
export const ContributionSubmitSchema = z.strictObject({
  text: safeText({ min: 1, max: 2000, multiline: true }),
  group: SlugSchema.optional(),
});
export type ContributionSubmit = z.infer<typeof ContributionSubmitSchema>;

/** Moderator: read a contribution out; it becomes a written turn of `seconds` (default: the debate's). */
export const ContributionReadSchema = z.strictObject({
  contributionId: IdSchema,
  seconds: z.number().int().min(1).max(3600).optional(),
});
export type ContributionRead = z.infer<typeof ContributionReadSchema>;

export const ContributionDismissSchema = z.strictObject({ contributionId: IdSchema });
export type ContributionDismiss = z.infer<typeof ContributionDismissSchema>;
