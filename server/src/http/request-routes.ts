// Debate requests over REST: citizens propose and support (rate-limited per address, the
// answer never says whether an e-mail address already supported), confirm by the mailed
// link; organizers (admin token) accept into a draft debate or decline with a public answer.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { IdSchema } from '../protocol/common.ts';
import { ERROR_RESPONSES } from '../protocol/rest.ts';
import {
  AcceptRequestBodySchema,
  ConfirmSupportBodySchema,
  ConfirmSupportResponseSchema,
  DebateRequestListResponseSchema,
  DebateRequestResponseSchema,
  DeclineRequestBodySchema,
  ProposeRequestBodySchema,
  RequestAcceptedResponseSchema,
  RequestStatusSchema,
  SupportRequestBodySchema,
} from '../protocol/requests.ts';
import { auditStaffAction } from './audited.ts';
import { BEARER, type Guards } from './guards.ts';

const errors = { ...ERROR_RESPONSES, 503: ERROR_RESPONSES[400] };
const ParamsSchema = z.object({ id: IdSchema });
const HOUR = 3_600_000;

export function registerRequestRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Each form sends a mail to an address anyone may type: a few per client address per
  // hour, counted once the body is valid (a refused body sends nothing).
  const proposals = app.createRateLimit({ max: 10, timeWindow: HOUR, keyGenerator: (req) => `request-propose:${req.ip}` });
  const supports = app.createRateLimit({ max: 30, timeWindow: HOUR, keyGenerator: (req) => `request-support:${req.ip}` });
  const limit = (l: typeof proposals) => async (req: FastifyRequest) => {
    const s = await l(req);
    if (!s.isAllowed && s.isExceeded) {
      throw new AppError('RATE_LIMITED', 'Too many requests from this address: try again later', { retryAfterSeconds: Math.ceil(s.ttl / 1000) });
    }
  };

  r.get(
    '/api/debate-requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'Published debate requests with their confirmed support counts (open first, most supported first)',
        querystring: z.object({ status: RequestStatusSchema.exclude(['unconfirmed']).optional() }),
        response: { 200: DebateRequestListResponseSchema, 400: errors[400] },
      },
    },
    async (req) => ({ requests: await app.requests.list(req.query.status) }),
  );

  r.get(
    '/api/debate-requests/:id',
    { schema: { tags: ['requests'], summary: 'One published debate request', params: ParamsSchema, response: { 200: DebateRequestResponseSchema, ...errors } } },
    async (req) => ({ request: await app.requests.get(req.params.id) }),
  );

  r.post(
    '/api/debate-requests',
    {
      preHandler: limit(proposals),
      schema: {
        tags: ['requests'],
        summary: 'Propose a debate: published once the proposer confirms the mailed link (503 when e-mail is off)',
        body: ProposeRequestBodySchema,
        response: { 202: RequestAcceptedResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { requestId } = await app.requests.propose(req.body);
      return reply.code(202).send({ ok: true, requestId });
    },
  );

  r.post(
    '/api/debate-requests/:id/supports',
    {
      preHandler: limit(supports),
      schema: {
        tags: ['requests'],
        summary: 'Support an open request: one per address, counted once the mailed link is confirmed',
        params: ParamsSchema,
        body: SupportRequestBodySchema,
        response: { 202: RequestAcceptedResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      await app.requests.support(req.params.id, req.body);
      return reply.code(202).send({ ok: true, requestId: req.params.id });
    },
  );

  r.post(
    '/api/debate-requests/confirm',
    {
      schema: {
        tags: ['requests'],
        summary: 'Confirm a proposal or a support with the token of its mail',
        body: ConfirmSupportBodySchema,
        response: { 200: ConfirmSupportResponseSchema, ...errors },
      },
    },
    async (req) => app.requests.confirm(req.body.token),
  );

  r.post(
    '/api/debate-requests/:id/accept',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['requests'],
        summary: 'Accept an open request: it becomes a draft debate prefilled from it; its supporters are told',
        security: BEARER,
        params: ParamsSchema,
        body: AcceptRequestBodySchema,
        response: { 200: DebateRequestResponseSchema, ...errors },
      },
    },
    async (req) => {
      const request = await app.requests.accept(req.params.id, { scheduledStart: req.body?.scheduledStart, answer: req.body?.answer });
      await auditStaffAction(app, req, 'debate:created', request.debateId!, { title: request.topic, fromRequest: request.id });
      return { request };
    },
  );

  r.post(
    '/api/debate-requests/:id/decline',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['requests'],
        summary: 'Decline an open request with a public answer, mailed to its supporters',
        security: BEARER,
        params: ParamsSchema,
        body: DeclineRequestBodySchema,
        response: { 200: DebateRequestResponseSchema, ...errors },
      },
    },
    async (req) => ({ request: await app.requests.decline(req.params.id, req.body.answer) }),
  );
}
