// Staff links over REST (access/staff-links.ts): the organizer lists and revokes the
// moderator and display links of a debate; a page renews its own link while it is valid.
// Revoking goes through the staff records (plugins/staff-records.ts): the revocation
// list, the audit trail, and the link's open sockets closed on every node.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { DebateParamsSchema, ERROR_RESPONSES, ModeratorTokenResponseSchema, RevocationResponseSchema } from '../protocol/rest.ts';
import { ParticipantParamsSchema, StaffLinksResponseSchema } from '../protocol/rejoin.ts';
import { existingDebate } from '../access/visibility.ts';
import { actorOf, BEARER, callerOf, type Guards } from './guards.ts';

export function registerStaffLinkRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { staffLinks, access } = app;

  r.get(
    '/api/debates/:id/staff-links',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['access'],
        summary: 'The moderator and display links issued for this debate, revoked or not (admin)',
        security: BEARER,
        params: DebateParamsSchema,
        response: { 200: StaffLinksResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const row = await existingDebate(app.database, req.params.id);
      return { links: await staffLinks.list(row.id) };
    },
  );

  r.delete(
    '/api/debates/:id/staff-links/:participantId',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['access'],
        summary: 'Revoke a leaked moderator or display link (admin); its open pages are disconnected',
        security: BEARER,
        params: ParticipantParamsSchema,
        response: { 200: RevocationResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const { id, participantId } = req.params;
      await existingDebate(app.database, id);
      return app.staff.revokeLink(id, participantId, actorOf(callerOf(req)), req.ip);
    },
  );

  r.post(
    '/api/debates/:id/tokens/renew',
    {
      onRequest: guards.debateRole(['moderator', 'display', 'captioner']),
      schema: {
        tags: ['access'],
        summary: 'A fresh token of the calling moderator, display or captioner link (same link; refused once revoked)',
        security: BEARER,
        params: DebateParamsSchema,
        response: { 200: ModeratorTokenResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      if (caller.kind !== 'token') throw new AppError('FORBIDDEN', 'The admin token is not a link to renew');
      return access.renewStaffToken(caller.claims);
    },
  );
}
