// Getting into a debate over REST: moderator and room-display tokens (issued by
// organizers), invitations and the public join. The rules live in access/; these routes
// parse, authorize, call it and answer.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateInvitationBodySchema,
  DebateParamsSchema,
  DisplayTokenResponseSchema,
  InvitationResponseSchema,
  JoinBodySchema,
  JoinResponseSchema,
  ModeratorTokenResponseSchema,
  StaffTokenBodySchema,
  ERROR_RESPONSES,
} from '../protocol/rest.ts';
import { BEARER, type Guards } from './guards.ts';

const errors = ERROR_RESPONSES;

export function registerAccessRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { access } = app;

  r.post(
    '/api/debates/:id/tokens/moderator',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['access'],
        summary: 'Issue a moderator token for this debate (admin)',
        security: BEARER,
        params: DebateParamsSchema,
        body: StaffTokenBodySchema,
        response: { 200: ModeratorTokenResponseSchema, ...errors },
      },
    },
    async (req) => access.staffToken(req.params.id, 'moderator', req.body?.displayName ?? 'Modération'),
  );

  r.post(
    '/api/debates/:id/tokens/display',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['access'],
        summary: 'Issue a read-only token for the room display (admin or moderator)',
        security: BEARER,
        params: DebateParamsSchema,
        body: StaffTokenBodySchema,
        response: { 200: DisplayTokenResponseSchema, ...errors },
      },
    },
    async (req) => access.staffToken(req.params.id, 'display', req.body?.displayName ?? 'Écran de salle'),
  );

  r.post(
    '/api/debates/:id/invitations',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['access'],
        summary: 'Create a single-use invitation (the clear code is returned once)',
        security: BEARER,
        params: DebateParamsSchema,
        body: CreateInvitationBodySchema,
        response: { 201: InvitationResponseSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await access.invite(req.params.id, req.body)),
  );

  r.post(
    '/api/debates/:id/join',
    {
      schema: {
        tags: ['access'],
        summary: 'Join a scheduled or live debate per its join policy (open, code, invite)',
        params: DebateParamsSchema,
        body: JoinBodySchema,
        response: { 201: JoinResponseSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await access.join(req.params.id, req.body ?? {})),
  );
}
