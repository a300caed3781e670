// Staff links (moderator console, room display) in the page: why a link cannot be used
// (it expired, or the organizers revoked it) so the page says so instead of silently
// asking for a token, and renewing a valid link before it runs out (same link, new token).
import { api } from './api.ts';
import { decodeClaims, sessionFromToken, type StoredSession } from './session.ts';

export type StaffLinkProblem = { kind: 'expired'; at: number } | { kind: 'revoked' };

/** An expired token for this debate: when it expired; else null (valid, absent or not a token). */
export function expiredAt(token: string | null, debateId: string, now = Date.now()): number | null {
  const c = token ? decodeClaims(token.trim()) : null;
  if (!c || c.debateId !== debateId || c.exp === undefined) return null;
  return c.exp * 1000 <= now ? c.exp * 1000 : null;
}

/** What a refused connection means for a staff page, or null when it is something else. */
export function problemOfRefusal(code: string | undefined, token: string, debateId: string): StaffLinkProblem | null {
  if (code === 'TOKEN_REVOKED') return { kind: 'revoked' };
  if (code === 'TOKEN_EXPIRED') return { kind: 'expired', at: expiredAt(token, debateId) ?? Date.now() };
  return null;
}

/** Renew within this long of the expiry (a page left open over a long evening keeps working). */
export const RENEW_WITHIN_MS = 24 * 3600_000;

/** A fresh token of the same link when this one runs out soon; the same session otherwise or on failure. */
export async function renewIfDue(debateId: string, s: StoredSession, now = Date.now()): Promise<StoredSession> {
  if (s.expiresAt === null || s.expiresAt - now > RENEW_WITHIN_MS) return s;
  const ack = await api<{ token: string }>('POST', `/api/debates/${debateId}/tokens/renew`, { token: s.token });
  if (!ack.ok) return s;
  return sessionFromToken(ack.data.token, debateId) ?? s;
}
