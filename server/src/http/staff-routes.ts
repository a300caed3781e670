// The audit trail of staff actions over REST (admin only): audit/audit-log.ts, kept by
// plugins/staff-records.ts. Staff links are listed and revoked in staff-link-routes.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditQuerySchema, AuditResponseSchema, ERROR_RESPONSES } from '../protocol/rest.ts';
import { BEARER, type Guards } from './guards.ts';

export function registerStaffRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

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
