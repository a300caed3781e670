// What organizers keep about their staff: the revocation list of staff links
// (access/revocations.ts) and the audit trail of staff actions (audit/audit-log.ts),
// both tables of the database. `revokeLink` is the one way to revoke: it records the
// revocation, writes the audit entry and closes the sockets open with that link, on
// every node (Socket.IO's fetchSockets goes through the Redis adapter).
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createRevocations, type Revocations } from '../access/revocations.ts';
import { createAuditLog, type AuditLog } from '../audit/audit-log.ts';
import type { TokenClaims } from '../auth/claims.ts';
import type { Actor } from '../domain/types.ts';
import type { RevocationResponse } from '../protocol/rest.ts';
import { rooms } from '../realtime/broadcaster.ts';

export interface StaffRecords {
  revocations: Revocations;
  audit: AuditLog;
  revokeLink(debateId: string, participantId: string, by: Actor, ip: string | null): Promise<RevocationResponse>;
  /** Close one participant's sockets on every node, except those open with credential `keep`. */
  closeSockets(debateId: string, participantId: string, keep?: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    staff: StaffRecords;
  }
}

export const staffRecordsPlugin = fp(
  async (app: FastifyInstance) => {
    const revocations = createRevocations(app.database);
    const audit = createAuditLog(app.database, app.clock);
    const closeSockets = async (debateId: string, participantId: string, keep?: string) => {
      const sockets = await app.io.in(rooms.all(debateId)).fetchSockets();
      for (const s of sockets) {
        const claims = (s.data as { claims?: TokenClaims } | undefined)?.claims;
        if (claims?.sub === participantId && (keep === undefined || claims.cid !== keep)) s.disconnect(true);
      }
    };
    app.decorate('staff', {
      revocations,
      closeSockets,
      audit,
      async revokeLink(debateId, participantId, by, ip) {
        const { revocation, created } = await revocations.revoke(debateId, participantId, by);
        if (created) await audit.record({ action: 'link:revoked', actor: by, debateId, ip, details: { participantId } });
        await closeSockets(debateId, participantId);
        return { ...revocation, revoked: created };
      },
    } satisfies StaffRecords);
  },
  { name: 'staff-records', dependencies: ['config', 'database', 'socket-io'] },
);
