// Staying the same participant over REST (access/rejoin.ts): trade a device credential or a
// transfer code for a token, ask for a transfer code, revoke a participant's credentials.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { DebateParamsSchema, ERROR_RESPONSES, JoinResponseSchema } from '../protocol/rest.ts';
import {
  ParticipantParamsSchema,
  RejoinBodySchema,
  RevokedResponseSchema,
  TransferCodeResponseSchema,
} from '../protocol/rejoin.ts';
import { BEARER, callerOf, type Guards } from './guards.ts';

export function registerRejoinRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { rejoin } = app;

  r.post(
    '/api/debates/:id/rejoin',
    {
      schema: {
        tags: ['access'],
        summary: "Rejoin as the same participant with this browser's credential, or with a transfer code",
        params: DebateParamsSchema,
        body: RejoinBodySchema,
        response: { 200: JoinResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => rejoin.rejoin(req.params.id, req.body),
  );

  r.post(
    '/api/debates/:id/rejoin/transfer',
    {
      onRequest: guards.debateRole(['participant', 'speaker']),
      schema: {
        tags: ['access'],
        summary: 'A short single-use code that lets another device in as the caller (10 minutes)',
        security: BEARER,
        params: DebateParamsSchema,
        response: { 201: TransferCodeResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      if (caller.kind !== 'token') throw new AppError('FORBIDDEN', 'Only participants and guests move to another device');
      return reply.code(201).send(await rejoin.transferCode(caller.claims));
    },
  );

  r.delete(
    '/api/debates/:id/participants/:participantId/rejoin',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['access'],
        summary: "Revoke a participant's rejoin credentials and transfer codes (admin or moderator)",
        security: BEARER,
        params: ParticipantParamsSchema,
        response: { 200: RevokedResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => rejoin.revoke(req.params.id, req.params.participantId),
  );
}
