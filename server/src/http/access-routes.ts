// Getting into a debate: moderator and room-display tokens (issued by organizers),
// invitations (a code shown once, stored hashed, single use), and the public join,
// which applies the debate's join policy and returns a debate-scoped token.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createInvitation, upsertParticipant } from '../db/participants-repo.ts';
import { newId } from '../live/ids.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../protocol/common.ts';
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
import { existingDebate } from './debate-lookup.ts';
import { baseUrlOf, debateLinks } from './debate-view.ts';
import { BEARER, type Guards } from './guards.ts';
import { admitToDebate } from './join.ts';

const errors = ERROR_RESPONSES;

/** Debates one can still be let into. */
const OPEN_FOR_ACCESS = new Set(['draft', 'scheduled', 'live']);

export function registerAccessRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.services;

  /** Record the participant and sign its token. */
  async function issue(debateId: string, role: Role, name: string) {
    const participantId = `${role === 'moderator' ? 'mod' : 'dsp'}_${newId()}`;
    await upsertParticipant(database, { debateId, id: participantId, role, displayName: name });
    const token = app.tokens.sign({ sub: participantId, debateId, role, name });
    return { token, participantId, expiresAt: app.tokens.verify(token).exp! * 1000 };
  }

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
      const row = await existingDebate(app, req.params.id);
      return issue(row.id, 'moderator', req.body?.displayName ?? 'Modération');
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
      const row = await existingDebate(app, req.params.id);
      return issue(row.id, 'display', req.body?.displayName ?? 'Écran de salle');
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
      const row = await existingDebate(app, req.params.id);
      if (!OPEN_FOR_ACCESS.has(row.status)) {
        throw new AppError('DEBATE_NOT_LIVE', `A ${row.status} debate takes no new participants`);
      }
      const { kind, guestId, displayName } = req.body;
      if (kind === 'speaker' && !row.modalities.guests.some((g) => g.id === guestId)) {
        throw new AppError('VALIDATION_FAILED', `No guest "${guestId}" in this debate's modalities`, {
          path: '/guestId',
        });
      }
      const { invitation, code } = await createInvitation(database, {
        debateId: row.id,
        kind,
        guestId: kind === 'speaker' ? guestId : null,
        displayName: kind === 'participant' ? (displayName ?? null) : null,
      });
      // In the fragment: never sent to a server, so it stays out of access logs and Referer.
      const joinUrl = `${debateLinks(baseUrlOf(app), row.id).join}#invitation=${encodeURIComponent(code)}`;
      return reply.code(201).send({ invitationId: invitation.id, kind, code, joinUrl });
    },
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
    async (req, reply) => {
      const admitted = await admitToDebate(app, req.params.id, req.body ?? {});
      const token = app.tokens.sign(admitted.claims);
      const exp = app.tokens.verify(token).exp! * 1000;
      return reply.code(201).send({
        token,
        participantId: admitted.claims.sub,
        role: admitted.claims.role,
        debateId: admitted.claims.debateId,
        name: admitted.claims.name,
        expiresAt: exp,
      });
    },
  );
}
