// The audit entry of a staff action taken over REST, once it succeeded: the caller as the
// actor, the client address, the debate, and details (never a token or a code). One
// place for every route of the audit trail (audit/audit-log.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditAction } from '../audit/audit-log.ts';
import { actorOf, callerOf } from './guards.ts';

export function auditStaffAction(
  app: FastifyInstance,
  req: FastifyRequest,
  action: AuditAction,
  debateId: string,
  details?: Record<string, unknown>,
): Promise<unknown> {
  return app.staff.audit.record({ action, actor: actorOf(callerOf(req)), debateId, ip: req.ip, ...(details ? { details } : {}) });
}
