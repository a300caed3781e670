// Getting into a debate, as an application service: staff tokens issued by organizers
// (moderator, room display), invitations (a code shown once, stored hashed; participant
// invitations single use, speaker invitations reusable by their guest), the public join,
// and rejoining as the same participant (rejoin.ts: device credential, transfer code). The rules are join-policy.ts; this wires them to the database and
// signs the tokens. The REST routes parse, authorize, call this and answer.
import type { TokenService } from '../auth/jwt.ts';
import type { Database, Db } from '../db/client.ts';
import { getDebate } from '../db/debates-repo.ts';
import {
  consumeInvitation,
  createInvitation,
  findInvitation,
  newCitizenId,
  upsertParticipant,
} from '../db/participants-repo.ts';
import { issueCredential } from '../db/rejoin-repo.ts';
import { newId } from '../live/ids.ts';
import type {
  CreateInvitationBody,
  InvitationResponse,
  IssuedTokenResponse,
  JoinBody,
  JoinResponse,
} from '../protocol/rest.ts';
import {
  admitByPolicy,
  invalidInvitation,
  invitationFor,
  invitationIdentity,
  joinable,
  type Identity,
  type JoinClaims,
} from './join-policy.ts';
import { invitationJoinUrl } from './links.ts';
import { existingDebate } from './visibility.ts';
import { staffTtlSeconds, type StaffRole } from './staff-links.ts';
import type { TokenClaims } from '../auth/claims.ts';
import { AppError } from '../errors.ts';

export interface AccessDeps {
  database: Database;
  tokens: Pick<TokenService, 'sign' | 'verify'>;
  /** PUBLIC_URL, or this server's own address (known once it listens). */
  baseUrl: () => string;
  now: () => number;
  /** TOKEN_TTL_HOURS: a staff link lives at least this long, else until the debate's planned end plus a margin. */
  minStaffTtlSeconds: number;
}

const STAFF_PREFIX: Record<StaffRole, string> = { moderator: 'mod', display: 'dsp', captioner: 'cpt' };

export interface AccessService {
  /** A moderator or room-display token for an existing debate (drafts included). */
  staffToken(debateId: string, role: StaffRole, displayName: string): Promise<IssuedTokenResponse>;
  /** A fresh token of the same staff link (same participant id), from a valid, unrevoked one. */
  renewStaffToken(claims: TokenClaims): Promise<IssuedTokenResponse>;
  /** A single-use invitation; the clear code is in the answer only. */
  invite(debateId: string, body: CreateInvitationBody): Promise<InvitationResponse>;
  /** Join per the debate's policy (or with an invitation); the participant row is written before the token is signed. */
  join(debateId: string, body: JoinBody): Promise<JoinResponse>;
}

/** Signs a participant's claims; the token's expiry in ms. */
export function signClaims(tokens: Pick<TokenService, 'sign' | 'verify'>, claims: JoinClaims, ttlSeconds?: number) {
  const token = tokens.sign(claims, ttlSeconds);
  return { token, expiresAt: tokens.verify(token).exp! * 1000 };
}

export function createAccessService({ database, tokens, baseUrl, now, minStaffTtlSeconds }: AccessDeps): AccessService {
  const sign = (claims: JoinClaims) => signClaims(tokens, claims);

  /** One transaction: a consumed invitation always has its participant row. */
  async function admit(debateId: string, body: JoinBody): Promise<{ identity: Identity; credential: string }> {
    // The row, not the live debate: it is projected in the same transaction as the log,
    // and an anonymous join attempt must not load an old debate into memory.
    const row = joinable(await getDebate(database, debateId), debateId);
    return database.db.transaction(async (tx) => {
      const conn = { db: tx as Db };
      let identity: Identity;
      if (body.invitation) {
        const found = await findInvitation(conn, debateId, body.invitation);
        identity = invitationIdentity(debateId, row.modalities, found, body.displayName, newCitizenId());
        // A guest comes back with the same speaker invitation (crash, second device): it
        // stays usable; a participant invitation (binding votes) is used once.
        const used = await consumeInvitation(conn, debateId, body.invitation, identity.claims.sub);
        if (!used && found!.kind !== 'speaker') throw invalidInvitation();
        identity.claims.invitationId = found!.id;
      } else {
        identity = admitByPolicy(debateId, row.modalities, body, newCitizenId());
      }
      const c = identity.claims;
      await upsertParticipant(conn, {
        debateId,
        id: c.sub,
        role: c.role,
        displayName: c.name,
        groupId: identity.groupId,
        guestId: c.guestId ?? null,
        invitationId: c.invitationId ?? null,
      });
      const device = await issueCredential(conn, { debateId, participantId: c.sub, kind: 'device' });
      c.cid = device.id;
      return { identity, credential: device.secret };
    });
  }

  return {
    async staffToken(debateId, role, displayName) {
      const row = await existingDebate(database, debateId);
      const participantId = `${STAFF_PREFIX[role]}_${newId()}`;
      await upsertParticipant(database, { debateId: row.id, id: participantId, role, displayName });
      const ttl = staffTtlSeconds(row.modalities, now(), minStaffTtlSeconds);
      return { participantId, ...signClaims(tokens, { sub: participantId, debateId: row.id, role, name: displayName }, ttl) };
    },

    async renewStaffToken(claims) {
      if (claims.role !== 'moderator' && claims.role !== 'display' && claims.role !== 'captioner') {
        throw new AppError('FORBIDDEN', 'Only moderator, display and captioner links are renewed here');
      }
      const row = await existingDebate(database, claims.debateId);
      const ttl = staffTtlSeconds(row.modalities, now(), minStaffTtlSeconds);
      const { sub, debateId, role, name } = claims;
      return { participantId: sub, ...signClaims(tokens, { sub, debateId, role, name }, ttl) };
    },

    async invite(debateId, body) {
      const row = await existingDebate(database, debateId);
      const { invitation, code } = await createInvitation(database, invitationFor(row, body));
      return { invitationId: invitation.id, kind: invitation.kind, code, joinUrl: invitationJoinUrl(baseUrl(), row.id, code) };
    },

    async join(debateId, body) {
      const { identity, credential } = await admit(debateId, body);
      const { claims } = identity;
      return { participantId: claims.sub, role: claims.role, debateId: claims.debateId, name: claims.name, ...sign(claims), credential };
    },
  };
}
