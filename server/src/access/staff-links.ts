// Staff links (moderator console, room display): how long they live, and revoking one
// that leaked. A staff token lives until the debate's planned end plus a margin (at least
// TOKEN_TTL_HOURS), and the page renews it while it is valid; an organizer revokes a link
// by its participant id (`mod_…`, `dsp_…`), which every REST call and socket handshake
// checks. The revocation list is the `staff_link_revocations` table (shared by nodes).
//
// API: staffTtlSeconds(modalities, now, minSeconds) · createStaffLinks(database) →
// { isRevoked, assertUsable, revoke, list }.
import { and, eq, inArray } from 'drizzle-orm';
import type { TokenClaims } from '../auth/claims.ts';
import type { Database } from '../db/client.ts';
import { participants, staffLinkRevocations } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Modalities } from '../protocol/modalities.ts';

/** After the planned end: debates overrun, and the archive is checked the next morning. */
export const STAFF_LINK_MARGIN_MS = 12 * 3600_000;
/** Never longer than this, whatever the schedule says. */
const MAX_STAFF_TTL_S = 90 * 24 * 3600;

/** Seconds a staff token issued at `now` lives: until the planned end plus the margin, never less than `minSeconds`. */
export function staffTtlSeconds(modalities: Pick<Modalities, 'scheduledStart' | 'plannedDurationMinutes'>, now: number, minSeconds: number): number {
  const end = Date.parse(modalities.scheduledStart) + modalities.plannedDurationMinutes * 60_000 + STAFF_LINK_MARGIN_MS;
  const untilEnd = Number.isFinite(end) ? Math.ceil((end - now) / 1000) : 0;
  return Math.min(MAX_STAFF_TTL_S, Math.max(minSeconds, untilEnd));
}

export type StaffRole = 'moderator' | 'display';

export interface StaffLink {
  participantId: string;
  role: StaffRole;
  displayName: string;
  issuedAt: number;
  revokedAt: number | null;
}

export interface StaffLinks {
  isRevoked(debateId: string, participantId: string): Promise<boolean>;
  /** Throws TOKEN_REVOKED for a revoked staff token; other roles pass. */
  assertUsable(claims: TokenClaims): Promise<void>;
  /** Revokes one staff link of the debate; false if it was already revoked. PARTICIPANT_NOT_FOUND if no such link. */
  revoke(debateId: string, participantId: string): Promise<{ revoked: boolean }>;
  /** Every staff link issued for the debate, oldest first. */
  list(debateId: string): Promise<StaffLink[]>;
}

const isStaffRole = (role: string): role is StaffRole => role === 'moderator' || role === 'display';

export function createStaffLinks(database: Pick<Database, 'db'>): StaffLinks {
  const { db } = database;
  async function isRevoked(debateId: string, participantId: string): Promise<boolean> {
    const [row] = await db
      .select({ at: staffLinkRevocations.revokedAt })
      .from(staffLinkRevocations)
      .where(and(eq(staffLinkRevocations.debateId, debateId), eq(staffLinkRevocations.participantId, participantId)));
    return row !== undefined;
  }
  return {
    isRevoked,
    async assertUsable(claims) {
      if (!isStaffRole(claims.role)) return;
      if (await isRevoked(claims.debateId, claims.sub)) {
        throw new AppError('TOKEN_REVOKED', 'This link was revoked by the organizers');
      }
    },
    async revoke(debateId, participantId) {
      const [p] = await db
        .select({ role: participants.role })
        .from(participants)
        .where(and(eq(participants.debateId, debateId), eq(participants.id, participantId)));
      if (!p || !isStaffRole(p.role)) throw new AppError('PARTICIPANT_NOT_FOUND', `No staff link ${participantId} in this debate`);
      const rows = await db.insert(staffLinkRevocations).values({ debateId, participantId }).onConflictDoNothing().returning();
      return { revoked: rows.length > 0 };
    },
    async list(debateId) {
      const rows = await db
        .select()
        .from(participants)
        .where(and(eq(participants.debateId, debateId), inArray(participants.role, ['moderator', 'display'])))
        .orderBy(participants.createdAt, participants.id);
      const revoked = await db.select().from(staffLinkRevocations).where(eq(staffLinkRevocations.debateId, debateId));
      const at = new Map(revoked.map((r) => [r.participantId, r.revokedAt.getTime()]));
      return rows.map((r) => ({
        participantId: r.id,
        role: r.role as StaffRole,
        displayName: r.displayName,
        issuedAt: r.createdAt.getTime(),
        revokedAt: at.get(r.id) ?? null,
      }));
    },
  };
}
