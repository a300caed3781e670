// The join policy of a debate, applied to one join request. The outcome is the identity
// to put in the token; the participant row is written before the token is signed.
//
// - An invitation (any kind) works under every policy. A speaker invitation yields the
//   guest's identity (`guest_<guestId>`, the guest's name); a participant invitation a
//   citizen identity. Invitations are consumed atomically: one redemption wins.
// - Without one: `open` needs a display name, `code` also the access code, `invite`
//   refuses.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TokenClaims } from '../auth/claims.ts';
import { getDebate } from '../db/debates-repo.ts';
import type { Db } from '../db/client.ts';
import {
  consumeInvitation,
  findInvitation,
  guestParticipantId,
  newCitizenId,
  upsertParticipant,
} from '../db/participants-repo.ts';
import { AppError } from '../errors.ts';
import type { Modalities } from '../protocol/modalities.ts';
import type { JoinBody } from '../protocol/rest.ts';

export type JoinClaims = Omit<TokenClaims, 'iat' | 'exp'>;

interface Identity {
  claims: JoinClaims;
  groupId: string | null;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison (digests have equal length whatever the inputs). */
export function accessCodeMatches(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function requireName(name: string | undefined | null): string {
  if (!name) {
    throw new AppError('VALIDATION_FAILED', 'A display name is required to join', { path: '/displayName' });
  }
  return name;
}

export async function admitToDebate(app: FastifyInstance, debateId: string, body: JoinBody): Promise<Identity> {
  const { database } = app.services;
  // The row, not the live debate: it is projected in the same transaction as the log,
  // and an anonymous join attempt must not load an old debate into memory.
  const row = await getDebate(database, debateId);
  if (!row || row.status === 'draft') throw new AppError('DEBATE_NOT_FOUND', `No debate ${debateId}`);
  if (row.status !== 'scheduled' && row.status !== 'live') {
    throw new AppError('DEBATE_NOT_LIVE', `This debate is ${row.status}: joining is closed`);
  }
  // One transaction: a consumed invitation always has its participant row.
  return database.db.transaction(async (tx) => {
    const conn = { db: tx as Db };
    const identity = body.invitation
      ? await redeemInvitation(conn, debateId, row.modalities, body.invitation, body.displayName)
      : admitByPolicy(debateId, row.modalities, body);
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
    return identity;
  });
}

function admitByPolicy(debateId: string, modalities: Modalities, body: JoinBody): Identity {
  if (modalities.joinPolicy === 'invite') {
    throw new AppError('INVALID_INVITATION', 'This debate is joined by invitation only');
  }
  const name = requireName(body.displayName);
  if (modalities.joinPolicy === 'code' && !accessCodeMatches(modalities.accessCode, body.accessCode)) {
    throw new AppError('INVALID_ACCESS_CODE', 'The access code is not valid for this debate');
  }
  return { claims: { sub: newCitizenId(), debateId, role: 'participant', name }, groupId: null };
}

async function redeemInvitation(
  database: { db: Db },
  debateId: string,
  modalities: Modalities,
  code: string,
  displayName: string | undefined,
): Promise<Identity> {
  const invalid = () => new AppError('INVALID_INVITATION', 'This invitation is unknown or has already been used');
  // Look first (nothing is consumed if the request cannot succeed), then consume atomically.
  const found = await findInvitation(database, debateId, code);
  if (!found || found.usedAt !== null) throw invalid();
  let identity: Identity;
  if (found.kind === 'speaker') {
    const guest = modalities.guests.find((g) => g.id === found.guestId);
    if (!guest) throw invalid();
    identity = {
      claims: { sub: guestParticipantId(guest.id), debateId, role: 'speaker', name: guest.name, guestId: guest.id },
      groupId: guest.group ?? null,
    };
  } else {
    const name = requireName(displayName ?? found.displayName);
    identity = { claims: { sub: newCitizenId(), debateId, role: 'participant', name }, groupId: null };
  }
  const used = await consumeInvitation(database, debateId, code, identity.claims.sub);
  if (!used) throw invalid();
  identity.claims.invitationId = used.id;
  return identity;
}
