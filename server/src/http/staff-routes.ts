// Organizers' records of their staff (admin only): revoking a staff link (moderator or
// room display) and reading the audit trail of staff actions. The rules live in
// access/revocations.ts and audit/audit-log.ts (plugins/staff-records.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditQuerySchema, AuditResponseSchema, ERROR_RESPONSES, LinkParamsSchema, RevocationResponseSchema } from '../protocol/rest.ts';
import { existingDebate } from '../access/visibility.ts';
import { actorOf, BEARER, callerOf, type Guards } from './guards.ts';

export function registerStaffRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.delete(
    '/api/debates/:id/links/:participantId',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['access'],
        summary: 'Revoke a moderator or room-display link (admin); its sockets are closed',
        security: BEARER,
        params: LinkParamsSchema,
        response: { 200: RevocationResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      await existingDebate(app.database, req.params.id);
      return app.staff.revokeLink(req.params.id, req.params.participantId, actorOf(callerOf(req)), req.ip);
    },
  );

  r.get(
    '/api/audit',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['access'],
        summary: 'The audit trail of staff actions, newest first (admin)',
        security: BEARER,
        querystring: AuditQuerySchema,
        response: { 200: AuditResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => ({
      entries: await app.staff.audit.list({
        limit: req.query.limit,
        ...(req.query.debateId ? { debateId: req.query.debateId } : {}),
        ...(req.query.before !== undefined ? { before: req.query.before } : {}),
      }),
    }),
  );
}
