// The organizer's webhooks over REST (admin token only): register a URL with its events
// (the secret answered once), list, delete, send a test, read the delivery log.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { IdSchema } from '../protocol/common.ts';
import { ERROR_RESPONSES } from '../protocol/rest.ts';
import {
  CreatedWebhookResponseSchema,
  CreateWebhookBodySchema,
  TestDeliveryResponseSchema,
  WebhookDeliveryListResponseSchema,
  WebhookListResponseSchema,
} from '../protocol/webhooks.ts';
import { isBlockedAddress } from '../webhooks/outbound.ts';
import { BEARER, type Guards } from './guards.ts';
import { isIP } from 'node:net';

const errors = ERROR_RESPONSES;
const ParamsSchema = z.object({ id: IdSchema });

export function registerWebhookRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const common = { onRequest: guards.admin, schema: { tags: ['webhooks'], security: BEARER } } as const;

  r.get(
    '/api/webhooks',
    { ...common, schema: { ...common.schema, summary: 'The registered webhooks (never their secrets)', response: { 200: WebhookListResponseSchema, ...errors } } },
    async () => ({ webhooks: await app.webhooks.list() }),
  );

  r.post(
    '/api/webhooks',
    {
      ...common,
      schema: {
        ...common.schema,
        summary: 'Register a webhook: http(s) URL and events; the answer holds its `whsec_` secret, shown this once',
        body: CreateWebhookBodySchema,
        response: { 201: CreatedWebhookResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      // A literal private address is refused at once (names are checked at each connection).
      const host = new URL(req.body.url).hostname.replace(/^\[|\]$/g, '');
      if (!app.config.webhookAllowPrivate && (host === 'localhost' || (isIP(host) !== 0 && isBlockedAddress(host)))) {
        throw new AppError('VALIDATION_FAILED', 'webhook URLs may not point to private, loopback or reserved addresses', [
          { path: 'url', message: 'private, loopback or reserved address' },
        ]);
      }
      return reply.code(201).send(await app.webhooks.create(req.body));
    },
  );

  r.delete(
    '/api/webhooks/:id',
    { ...common, schema: { ...common.schema, summary: 'Delete a webhook (its pending messages are dropped)', params: ParamsSchema, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await app.webhooks.remove(req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/webhooks/:id/test',
    {
      ...common,
      schema: { ...common.schema, summary: 'Send a signed `webhook.test` message through the queue', params: ParamsSchema, response: { 202: TestDeliveryResponseSchema, ...errors } },
    },
    async (req, reply) => reply.code(202).send({ deliveryId: await app.webhooks.test(req.params.id) }),
  );

  r.get(
    '/api/webhooks/:id/deliveries',
    {
      ...common,
      schema: { ...common.schema, summary: 'The delivery log of a webhook, newest first (100)', params: ParamsSchema, response: { 200: WebhookDeliveryListResponseSchema, ...errors } },
    },
    async (req) => ({ deliveries: await app.webhooks.deliveries(req.params.id) }),
  );
}
