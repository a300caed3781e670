// The audit trail of staff actions, kept apart from the debates' public log: who issued
// which moderator, display or invitation link, who revoked one, who changed a debate's
// modalities, announced, started, ended or archived it. Written after the action
// succeeded; read by organizers (GET /api/audit, admin only). Never holds a secret: a
// link is named by its participant or invitation id, not by its token or code.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import type { Actor } from '../domain/types.ts';

export const AUDIT_ACTIONS = [
  'link:moderator:issued',
  'link:display:issued',
  'link:captioner:issued',
  'invitation:created',
  'link:revoked',
  'debate:created',
  'debate:updated',
  'debate:announce',
  'debate:start',
  'debate:end',
  'debate:archive',
  'debate:cancel',
  'debate:postpone',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  action: AuditAction;
  actor: Actor;
  debateId: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  id: string;
  at: number;
}

export interface AuditLog {
  record(entry: AuditEntryInput): Promise<void>;
  /** Newest first; `before` (an `at`) pages back. */
  list(query: { debateId?: string; before?: number; limit: number }): Promise<AuditEntry[]>;
}

export function createAuditLog({ db }: Pick<Database, 'db'>, clock: Clock): AuditLog {
  return {
    async record(e) {
      await db.insert(auditLog).values({
        id: `aud_${randomBytes(9).toString('base64url')}`,
        at: clock.now(),
        debateId: e.debateId,
        actor: e.actor,
        ip: e.ip ?? null,
        action: e.action,
        details: e.details ?? {},
      });
    },
    async list({ debateId, before, limit }) {
      const where = and(debateId ? eq(auditLog.debateId, debateId) : undefined, before !== undefined ? lt(auditLog.at, before) : undefined);
      const rows = await db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        debateId: r.debateId,
        actor: r.actor,
        ip: r.ip,
        action: r.action as AuditAction,
        details: r.details,
      }));
    },
  };
}
