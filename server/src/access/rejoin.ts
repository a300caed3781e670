// Staying the same person: a browser that joined keeps a long-lived device credential
// (localStorage, per debate) and trades it here for a fresh token of the same participant,
// so every tab, reload and reconnection is one participant (one queue entry, one ballot,
// their own questions). "Use on another device" asks for a transfer code (8 characters,
// 10 minutes, single use) that the other device trades for its own credential. The
// credentials live while the debate takes people (joinable) and can be revoked.
import type { TokenService } from '../auth/jwt.ts';
import type { TokenClaims } from '../auth/claims.ts';
import type { Database, Db } from '../db/client.ts';
import { getDebate } from '../db/debates-repo.ts';
import { getParticipant } from '../db/participants-repo.ts';
import { consumeTransferCode, issueCredential, participantOfDevice, revokeCredentials } from '../db/rejoin-repo.ts';
import { AppError } from '../errors.ts';
import type { JoinResponse } from '../protocol/rest.ts';
import type { RejoinBody, RevokedResponse, TransferCodeResponse } from '../protocol/rejoin.ts';
import { signClaims } from './access-service.ts';
import { joinable, type JoinClaims } from './join-policy.ts';
import { existingDebate } from './visibility.ts';

export const TRANSFER_TTL_MS = 10 * 60_000;

export interface RejoinDeps {
  database: Database;
  tokens: Pick<TokenService, 'sign' | 'verify'>;
  now: () => number;
  /** Close the sockets of one participant open with a credential other than `keep` (every node). */
  cut?: (debateId: string, participantId: string, keep?: string) => Promise<void>;
}

export interface RejoinService {
  /** A fresh token of the participant the credential (or transfer code) names. */
  rejoin(debateId: string, body: RejoinBody): Promise<JoinResponse>;
  /** A short single-use code that lets another device in as the caller. */
  transferCode(claims: TokenClaims): Promise<TransferCodeResponse>;
  /** Revoke every credential of one participant and cut its tokens and sockets (organizers, moderators). */
  revoke(debateId: string, participantId: string): Promise<RevokedResponse>;
}

const refused = () =>
  new AppError('REJOIN_REFUSED', 'This rejoin credential or transfer code is unknown, used, expired or revoked');

/** One transaction: the code is used, the old devices lose the participation, the new one gets it. */
async function move(database: Database, debateId: string, code: string, at: Date) {
  return database.db.transaction(async (tx) => {
    const conn = { db: tx as Db };
    const participantId = await consumeTransferCode(conn, debateId, code, at);
    if (!participantId) return null;
    await revokeCredentials(conn, debateId, participantId, at, 'device');
    const issued = await issueCredential(conn, { debateId, participantId, kind: 'device' });
    return { participantId, id: issued.id, secret: issued.secret };
  });
}

export function createRejoinService({ database, tokens, now, cut }: RejoinDeps): RejoinService {
  return {
    async rejoin(debateId, body) {
      const debate = joinable(await getDebate(database, debateId), debateId);
      const at = new Date(now());
      let found: { participantId: string; id: string } | null;
      let credential: string;
      let moved = false;
      if ('credential' in body) {
        found = await participantOfDevice(database, debate.id, body.credential, at);
        credential = body.credential;
      } else {
        const m = await move(database, debate.id, body.transferCode, at);
        found = m;
        credential = m?.secret ?? '';
        moved = m !== null;
      }
      if (!found) throw refused();
      const p = await getParticipant(database, debate.id, found.participantId);
      if (!p || (p.role !== 'participant' && p.role !== 'speaker')) throw refused();
      if (moved) await cut?.(debate.id, p.id, found.id);
      const claims: JoinClaims = { sub: p.id, debateId: debate.id, role: p.role, name: p.displayName, cid: found.id };
      if (p.guestId) claims.guestId = p.guestId;
      if (p.invitationId) claims.invitationId = p.invitationId;
      return { participantId: p.id, role: p.role, debateId: debate.id, name: p.displayName, ...signClaims(tokens, claims), credential };
    },

    async transferCode(claims) {
      if (claims.role !== 'participant' && claims.role !== 'speaker') {
        throw new AppError('FORBIDDEN', 'Only participants and guests move to another device');
      }
      joinable(await getDebate(database, claims.debateId), claims.debateId);
      const expiresAt = new Date(now() + TRANSFER_TTL_MS);
      const issued = await issueCredential(database, { debateId: claims.debateId, participantId: claims.sub, kind: 'transfer', expiresAt });
      return { code: issued.secret, expiresAt: expiresAt.getTime() };
    },

    async revoke(debateId, participantId) {
      const row = await existingDebate(database, debateId);
      const n = await revokeCredentials(database, row.id, participantId, new Date(now()));
      await cut?.(row.id, participantId);
      return { participantId, revoked: n > 0 };
    },
  };
}
