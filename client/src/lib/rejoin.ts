// Rejoining as the same participant from the browser: trade this browser's credential (or a
// transfer code typed from another device) for a fresh session (server: access/rejoin.ts).
import { api } from './api.ts';
import { sessionFromToken, type StoredSession } from './session.ts';
import type { Ack, JoinResponse } from './view-types.ts';

/** The session of a join or rejoin answer, credential included. */
export function sessionOfJoin(debateId: string, data: JoinResponse): StoredSession | null {
  const s = sessionFromToken(data.token, debateId);
  return s ? { ...s, name: data.name, credential: data.credential } : null;
}

export async function rejoinSession(
  debateId: string,
  body: { credential: string } | { transferCode: string },
): Promise<Ack<StoredSession>> {
  const ack = await api<JoinResponse>('POST', `/api/debates/${debateId}/rejoin`, { body });
  if (!ack.ok) return ack;
  const s = sessionOfJoin(debateId, ack.data);
  return s ? { ok: true, data: s } : { ok: false, error: { code: 'INVALID_TOKEN', message: 'unexpected token' } };
}

/** The link another device opens to take this participation over (the code in the fragment, never logged). */
export function transferUrl(debateId: string, code: string): string {
  return `${location.origin}/d/${encodeURIComponent(debateId)}#transfer=${encodeURIComponent(code)}`;
}
