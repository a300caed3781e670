// Revocation of staff links (moderator and room-display tokens) before they expire. A
// token names its participant (`sub`); revoking that participant refuses the token from
// then on: at the Socket.IO handshake and on every REST call (TOKEN_REVOKED, 401), on
// every node, since the list is a table. Sockets already open with it are closed by the
// caller (see plugins/staff-records.ts). Citizens' and guests' tokens name their rejoin
// credential (`cid`, access/rejoin.ts): `assertActive` refuses them once that credential
// is revoked (moved to another device, or revoked by a moderator).
//
// API for the other callers (issue 9, item 4 makes staff links revocable from the
// organizer page, http/staff-link-routes.ts): `revoke` (idempotent), `isRevoked`, `assertActive`, `list`.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { credentialIsLive } from '../db/rejoin-repo.ts';
import { participants, revokedLinks } from '../db/schema.ts';
import type { Actor } from '../domain/types.ts';
import { AppError } from '../errors.ts';

export interface Revocation {
  debateId: string;
  participantId: string;
  revokedAt: number;
  revokedBy: Actor;
}

export interface Revocations {
  /** Withdraw a staff link; a second call answers the first revocation. PARTICIPANT_NOT_FOUND for anything else. */
  revoke(debateId: string, participantId: string, by: Actor): Promise<{ revocation: Revocation; created: boolean }>;
  isRevoked(debateId: string, participantId: string): Promise<boolean>;
  /** Throws TOKEN_REVOKED when the token's participant (staff) or credential (`cid`) was revoked. */
  assertActive(claims: { debateId: string; sub: string; cid?: string }): Promise<void>;
  list(debateId: string): Promise<Revocation[]>;
}

const REVOCABLE_ROLES = new Set(['moderator', 'display', 'captioner']);

type Row = typeof revokedLinks.$inferSelect;
const toRevocation = (r: Row): Revocation => ({
  debateId: r.debateId,
  participantId: r.participantId,
  revokedAt: r.revokedAt.getTime(),
  revokedBy: r.revokedBy,
});

export function createRevocations({ db }: Pick<Database, 'db'>): Revocations {
  const find = async (debateId: string, participantId: string) =>
    (
      await db
        .select()
        .from(revokedLinks)
        .where(and(eq(revokedLinks.debateId, debateId), eq(revokedLinks.participantId, participantId)))
        .limit(1)
    )[0];

  const service: Revocations = {
    async revoke(debateId, participantId, by) {
      const [who] = await db
        .select({ role: participants.role })
        .from(participants)
        .where(and(eq(participants.debateId, debateId), eq(participants.id, participantId)))
        .limit(1);
      if (!who || !REVOCABLE_ROLES.has(who.role)) {
        throw new AppError('PARTICIPANT_NOT_FOUND', `No staff link ${participantId} in debate ${debateId}`);
      }
      const inserted = await db.insert(revokedLinks).values({ debateId, participantId, revokedBy: by }).onConflictDoNothing().returning();
      if (inserted[0]) return { revocation: toRevocation(inserted[0]), created: true };
      return { revocation: toRevocation((await find(debateId, participantId))!), created: false };
    },
    async isRevoked(debateId, participantId) {
      return (await find(debateId, participantId)) !== undefined;
    },
    async assertActive(claims) {
      // One read either way: a credential-bound token is checked against its credential.
      if (claims.cid !== undefined) {
        if (!(await credentialIsLive({ db }, claims.debateId, claims.cid))) {
          throw new AppError('TOKEN_REVOKED', 'This participation was moved to another device or revoked');
        }
        return;
      }
      if (await service.isRevoked(claims.debateId, claims.sub)) {
        throw new AppError('TOKEN_REVOKED', 'This link has been revoked by the organizers');
      }
    },
    async list(debateId) {
      const rows = await db.select().from(revokedLinks).where(eq(revokedLinks.debateId, debateId)).orderBy(asc(revokedLinks.revokedAt));
      return rows.map(toRevocation);
    },
  };
  return service;
}
