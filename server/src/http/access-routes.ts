// Getting into a debate over REST: moderator and room-display tokens (issued by
// organizers), invitations and the public join. The rules live in access/; these routes
// parse, authorize, call it and answer.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditAction } from '../audit/audit-log.ts';
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
import { isAppError } from '../errors.ts';
import { actorOf, BEARER, callerOf, type Guards } from './guards.ts';
import { auditStaffAction } from './audited.ts';

const errors = ERROR_RESPONSES;

/** A join refused for one of these was a wrong guess: it counts against the IP and the debate. */
const GUESS_FAILURES = new Set<string>(['INVALID_ACCESS_CODE', 'INVALID_INVITATION']);

export function registerAccessRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { access } = app;
  const audited = (req: FastifyRequest, action: AuditAction, details: Record<string, unknown>) =>
    auditStaffAction(app, req, action, (req.params as { id: string }).id, details);

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
    async (req) => {
      const issued = await access.staffToken(req.params.id, 'moderator', req.body?.displayName ?? 'Modération');
      await audited(req, 'link:moderator:issued', { participantId: issued.participantId, expiresAt: issued.expiresAt });
      return issued;
    },
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
    async (req) => {
      const issued = await access.staffToken(req.params.id, 'display', req.body?.displayName ?? 'Écran de salle');
      await audited(req, 'link:display:issued', { participantId: issued.participantId, expiresAt: issued.expiresAt });
      return issued;
    },
  );

  r.post(
    '/api/debates/:id/tokens/captioner',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['access'],
        summary: 'Issue a captioner link (vélotypie / CART): types live captions (admin or moderator)',
        security: BEARER,
        params: DebateParamsSchema,
        body: StaffTokenBodySchema,
        response: { 200: DisplayTokenResponseSchema, ...errors },
      },
    },
    async (req) => {
      const issued = await access.staffToken(req.params.id, 'captioner', req.body?.displayName ?? 'Vélotypie');
      await audited(req, 'link:captioner:issued', { participantId: issued.participantId, expiresAt: issued.expiresAt });
      return issued;
    },
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
    async (req, reply) => {
      const invitation = await access.invite(req.params.id, req.body);
      await audited(req, 'invitation:created', {
        invitationId: invitation.invitationId,
        kind: invitation.kind,
        ...(req.body.guestId ? { guestId: req.body.guestId } : {}),
      });
      return reply.code(201).send(invitation);
    },
  );

  r.post(
    '/api/debates/:id/join',
    {
      // Before the body is even parsed: per IP and per debate, stricter after failures.
      onRequest: (req, reply) => app.limits.joinGate(req, reply),
      schema: {
        tags: ['access'],
        summary: 'Join a scheduled or live debate per its join policy (open, code, invite)',
        params: DebateParamsSchema,
        body: JoinBodySchema,
        response: { 201: JoinResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send(await access.join(req.params.id, req.body ?? {}));
      } catch (err) {
        if (isAppError(err) && GUESS_FAILURES.has(err.code)) await app.limits.joinFailed(req);
        throw err;
      }
    },
  );
}
