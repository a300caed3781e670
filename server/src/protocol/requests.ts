// Debate requests from citizens (issue 11, item 6): the bodies and answers of
// /api/debate-requests. A request is public once its proposer confirmed it by mail; its
// supporters' addresses never leave the server, only their confirmed count.
import { z } from 'zod';
import { IdSchema } from './common.ts';
import { DebateFormatSchema } from './modalities.ts';
import { safeText } from './text.ts';

/** An address as typed (length-bounded, one line); the mailer checks its syntax too. */
export const EmailSchema = safeText({ min: 3, max: 254 })
  .transform((s) => s.toLowerCase())
  .refine((s) => /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(s), { message: 'not an e-mail address' });

export const RequestLangSchema = z.enum(['fr', 'en']);

export const ProposeRequestBodySchema = z.strictObject({
  topic: safeText({ min: 5, max: 200 }),
  why: safeText({ min: 10, max: 3000, multiline: true }),
  proposedFormat: DebateFormatSchema,
  /** Shown publicly beside the request when given. */
  proposerName: safeText({ min: 1, max: 80 }).optional(),
  email: EmailSchema,
  lang: RequestLangSchema.default('fr'),
});
export type ProposeRequestBody = z.infer<typeof ProposeRequestBodySchema>;

export const SupportRequestBodySchema = z.strictObject({ email: EmailSchema, lang: RequestLangSchema.default('fr') });
export type SupportRequestBody = z.infer<typeof SupportRequestBodySchema>;

export const ConfirmSupportBodySchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, 'a confirmation token') });

export const AcceptRequestBodySchema = z
  .strictObject({
    /** The draft's planned start (default: 30 days ahead, 18:30 in the town's zone is the organizer's to set). */
    scheduledStart: z.iso.datetime({ offset: true }).optional(),
    answer: safeText({ min: 1, max: 2000, multiline: true }).optional(),
  })
  .nullish();
export type AcceptRequestBody = z.infer<typeof AcceptRequestBodySchema>;

export const DeclineRequestBodySchema = z.strictObject({ answer: safeText({ min: 5, max: 2000, multiline: true }) });

export const RequestStatusSchema = z.enum(['unconfirmed', 'open', 'accepted', 'declined']);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

export const DebateRequestSchema = z.object({
  id: IdSchema,
  topic: z.string(),
  why: z.string(),
  proposedFormat: DebateFormatSchema,
  proposerName: z.string().nullable(),
  status: RequestStatusSchema,
  /** Confirmed supports, the proposer's included. */
  supportCount: z.number().int(),
  createdAt: z.number(),
  publishedAt: z.number().nullable(),
  answeredAt: z.number().nullable(),
  answer: z.string().nullable(),
  /** The draft (then announced) debate an accepted request became. */
  debateId: z.string().nullable(),
});
export type DebateRequestDto = z.infer<typeof DebateRequestSchema>;

export const DebateRequestResponseSchema = z.object({ request: DebateRequestSchema });
export const DebateRequestListResponseSchema = z.object({ requests: z.array(DebateRequestSchema) });
/** What a form gets back: never whether an address already supported (no enumeration). */
export const RequestAcceptedResponseSchema = z.object({ ok: z.literal(true), requestId: IdSchema });
export const ConfirmSupportResponseSchema = z.object({ request: DebateRequestSchema, proposer: z.boolean() });
