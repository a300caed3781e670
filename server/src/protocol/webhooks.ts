// The organizer's webhooks (issue 11, item 4): what may be registered, the events one
// may choose, and the delivery log. Payloads follow Standard Webhooks:
// `{ type, timestamp, data }`, `data.debate` being the public view of the debate.
import { z } from 'zod';
import { IdSchema } from './common.ts';
import { DebateSchema } from './rest.ts';
import { safeText } from './text.ts';

export const WEBHOOK_EVENTS = [
  'debate.announced',
  'debate.changed',
  'debate.cancelled',
  'debate.starting',
  'debate.live',
  'debate.ended',
  'archive.published',
] as const;
export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** http(s) only, no credentials in the URL, bounded length (checked again at delivery). */
export const WebhookUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((u) => {
    const p = new URL(u);
    return p.username === '' && p.password === '';
  }, 'credentials do not belong in the URL')
  .refine((u) => !/[\s<>"]/.test(u), 'contains characters a URL may not hold');

export const CreateWebhookBodySchema = z.strictObject({
  url: WebhookUrlSchema,
  events: z
    .array(WebhookEventSchema)
    .min(1)
    .max(WEBHOOK_EVENTS.length)
    .refine((e) => new Set(e).size === e.length, 'events must be unique'),
  description: safeText({ min: 1, max: 200 }).optional(),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBodySchema>;

export const WebhookSchema = z.object({
  id: IdSchema,
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(WebhookEventSchema),
  createdAt: z.number(),
});
export type WebhookDto = z.infer<typeof WebhookSchema>;

export const WebhookListResponseSchema = z.object({ webhooks: z.array(WebhookSchema) });
/** The secret is shown here once; it is never sent again. */
export const CreatedWebhookResponseSchema = z.object({ webhook: WebhookSchema, secret: z.string() });

export const DeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  event: z.union([WebhookEventSchema, z.literal('webhook.test')]),
  debateId: z.string().nullable(),
  status: DeliveryStatusSchema,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  lastAttemptAt: z.number().nullable(),
  deliveredAt: z.number().nullable(),
});
export type WebhookDeliveryDto = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListResponseSchema = z.object({ deliveries: z.array(WebhookDeliverySchema) });
export const TestDeliveryResponseSchema = z.object({ deliveryId: z.string() });

export const WebhookPayloadSchema = z.object({
  type: z.union([WebhookEventSchema, z.literal('webhook.test')]),
  /** ISO 8601. */
  timestamp: z.string(),
  data: z.object({ debate: DebateSchema.nullable(), message: z.string().optional() }),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
