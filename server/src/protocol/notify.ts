// The REST contract of e-mail notifications (server/src/notify/, client forms and the
// organizer's panel): subscribe, confirm, unsubscribe, the organizer's delivery state and
// preview. The address rule lives here so the client checks what the server checks.
import { z } from 'zod';
import { SlugSchema } from './modalities.ts';
import { safeText } from './text.ts';

/** Deliberately plain: one @, no spaces, brackets, quotes or commas; the domain has a dot. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isMailAddress(s: string): boolean {
  return s.length <= 254 && ADDRESS.test(s);
}

export const MAIL_KINDS = ['confirm', 'announced', 'changed', 'postponed', 'cancelled', 'reminder', 'starting', 'archived'] as const;
export const MailKindSchema = z.enum(MAIL_KINDS);
export type MailKind = z.infer<typeof MailKindSchema>;
export const MailLangSchema = z.enum(['fr', 'en']);
export type MailLang = z.infer<typeof MailLangSchema>;

export const SubscriptionScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('debate'), debateId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(),
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('tag'), tag: SlugSchema }).strict(),
]);
export type SubscriptionScopeInput = z.infer<typeof SubscriptionScopeSchema>;

export const SubscribeBodySchema = z
  .object({
    email: z.string().trim().max(254).refine(isMailAddress, 'not a valid e-mail address'),
    /** Shown in the To: header; one line. */
    name: safeText({ min: 1, max: 80 }).optional(),
    lang: MailLangSchema.default('fr'),
    scope: SubscriptionScopeSchema,
  })
  .strict();
export type SubscribeBody = z.infer<typeof SubscribeBodySchema>;

/** Always the same answer, whether the address was new, pending or confirmed. */
export const SubscribeResponseSchema = z.object({ pending: z.literal(true) });

export const NotifyTokenParamsSchema = z.object({ token: z.string().min(1).max(100) });

export const ConfirmResponseSchema = z.object({
  confirmed: z.literal(true),
  scope: z.enum(['debate', 'all', 'tag']),
  scopeValue: z.string(),
});
export const UnsubscribeResponseSchema = z.object({ unsubscribed: z.boolean() });

export const NotifyInfoResponseSchema = z.object({ emailEnabled: z.boolean() });

export const DeliveryStatusSchema = z.enum(['queued', 'sent', 'failed', 'skipped']);
export const DeliveryDtoSchema = z.object({
  id: z.string(),
  kind: z.string(),
  recipientHint: z.string(),
  status: DeliveryStatusSchema,
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type DeliveryDto = z.infer<typeof DeliveryDtoSchema>;

export const NotifyStatusResponseSchema = z.object({
  emailEnabled: z.boolean(),
  from: z.string(),
  reminderOffsetsMs: z.array(z.number()),
  subscribers: z.number().int(),
  counts: z.record(DeliveryStatusSchema, z.number().int()),
  deliveries: z.array(DeliveryDtoSchema),
});
export type NotifyStatusResponse = z.infer<typeof NotifyStatusResponseSchema>;

export const PreviewQuerySchema = z.object({ kind: MailKindSchema, lang: MailLangSchema.default('fr') });
export const PreviewResponseSchema = z.object({ subject: z.string(), text: z.string(), html: z.string() });
export type PreviewResponse = z.infer<typeof PreviewResponseSchema>;
