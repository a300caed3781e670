// Staff links (moderator console, room display): how long they live, and the list of
// those issued for a debate. A staff token lives until the debate's planned end plus a
// margin (at least TOKEN_TTL_HOURS), and the page renews it while it is valid. An
// organizer revokes a leaked one by its participant id (`mod_…`, `dsp_…`) through
// access/revocations.ts, which every REST call and socket handshake checks.
//
// API: staffTtlSeconds(modalities, now, minSeconds) · createStaffLinks(database) → { list }.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { participants, revokedLinks } from '../db/schema.ts';
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

export type StaffRole = 'moderator' | 'display' | 'captioner';

export interface StaffLink {
  participantId: string;
  role: StaffRole;
  displayName: string;
  issuedAt: number;
  revokedAt: number | null;
}

export interface StaffLinks {
  /** Every staff link issued for the debate, oldest first, with its revocation if any. */
  list(debateId: string): Promise<StaffLink[]>;
}

export function createStaffLinks(database: Pick<Database, 'db'>): StaffLinks {
  const { db } = database;
  return {
    async list(debateId) {
      const rows = await db
        .select()
        .from(participants)
        .where(and(eq(participants.debateId, debateId), inArray(participants.role, ['moderator', 'display', 'captioner'])))
        .orderBy(participants.createdAt, participants.id);
      const revoked = await db.select().from(revokedLinks).where(eq(revokedLinks.debateId, debateId));
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
