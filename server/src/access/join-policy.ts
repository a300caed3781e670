// The rules of getting into a debate, applied to one request. Pure: the caller loads the
// debate row and the invitation, and writes the participant the outcome names.
//
// - Staff tokens (moderator, room display) are issued for any debate; invitations are
//   created while the debate can still take people (draft, scheduled, live).
// - Joining needs a scheduled or live debate. An invitation (any kind) works under every
//   policy: a speaker invitation yields the guest's identity (`guest_<guestId>`, the
//   guest's name) and stays usable (the guest comes back after a crash or on a second
//   device as the same participant); a participant invitation yields a citizen identity
//   once (binding votes: one invitation, one voter). Without one: `open` needs
//   a display name, `code` also the access code, `invite` refuses.
import type { TokenClaims } from '../auth/claims.ts';
import { secretMatches } from '../auth/secret-match.ts';
import type { Debate } from '../db/debates-repo.ts';
import { guestParticipantId, type Invitation } from '../db/participants-repo.ts';
import { AppError } from '../errors.ts';
import type { Modalities } from '../protocol/modalities.ts';
import type { CreateInvitationBody, JoinBody } from '../protocol/rest.ts';

export type JoinClaims = Omit<TokenClaims, 'iat' | 'exp'>;

/** Who a request is let in as: the token's claims and the participant's group. */
export interface Identity {
  claims: JoinClaims;
  groupId: string | null;
}

/** Debates one can still be let into (invitations). */
const OPEN_FOR_ACCESS = new Set(['draft', 'scheduled', 'live']);

/** The invitation to create, or why not: the debate must take people, a speaker must be one of its guests. */
export function invitationFor(row: Debate, body: CreateInvitationBody) {
  if (!OPEN_FOR_ACCESS.has(row.status)) {
    throw new AppError('DEBATE_NOT_LIVE', `A ${row.status} debate takes no new participants`);
  }
  const { kind, guestId, displayName } = body;
  if (kind === 'speaker' && !row.modalities.guests.some((g) => g.id === guestId)) {
    throw new AppError('VALIDATION_FAILED', `No guest "${guestId}" in this debate's modalities`, { path: '/guestId' });
  }
  return {
    debateId: row.id,
    kind,
    guestId: kind === 'speaker' ? (guestId ?? null) : null,
    displayName: kind === 'participant' ? (displayName ?? null) : null,
  };
}

/** The row of a debate one may join; DEBATE_NOT_FOUND for drafts, DEBATE_NOT_LIVE once over. */
export function joinable(row: Debate | null, debateId: string): Debate {
  if (!row || row.status === 'draft') throw new AppError('DEBATE_NOT_FOUND', `No debate ${debateId}`);
  if (row.status !== 'scheduled' && row.status !== 'live') {
    throw new AppError('DEBATE_NOT_LIVE', `This debate is ${row.status}: joining is closed`);
  }
  return row;
}

function requireName(name: string | undefined | null): string {
  if (!name) throw new AppError('VALIDATION_FAILED', 'A display name is required to join', { path: '/displayName' });
  return name;
}

/**
 * Access codes are read aloud and copied from a projector: case, surrounding blanks and
 * Unicode forms (a typed "é" vs a composed one) do not count.
 */
export const normalizeAccessCode = (code: string): string => code.normalize('NFKC').trim().toUpperCase();

export function accessCodeMatches(expected: string | null | undefined, given: string | undefined): boolean {
  if (!expected || given === undefined) return false;
  return secretMatches(normalizeAccessCode(expected), normalizeAccessCode(given));
}

/** Joining without an invitation, per the debate's join policy. */
export function admitByPolicy(debateId: string, modalities: Modalities, body: JoinBody, citizenId: string): Identity {
  if (modalities.joinPolicy === 'invite') {
    throw new AppError('INVALID_INVITATION', 'This debate is joined by invitation only');
  }
  const name = requireName(body.displayName);
  if (modalities.joinPolicy === 'code' && !accessCodeMatches(modalities.accessCode, body.accessCode)) {
    throw new AppError('INVALID_ACCESS_CODE', 'The access code is not valid for this debate');
  }
  return { claims: { sub: citizenId, debateId, role: 'participant', name }, groupId: null };
}

export const invalidInvitation = () =>
  new AppError('INVALID_INVITATION', 'This invitation is unknown or has already been used');

/** Who an unused invitation lets in (checked before it is consumed, so a failed request uses nothing). */
export function invitationIdentity(
  debateId: string,
  modalities: Modalities,
  found: Invitation | null,
  displayName: string | undefined,
  citizenId: string,
): Identity {
  if (!found) throw invalidInvitation();
  if (found.kind === 'speaker') {
    // Reusable: the guest is always `guest_<guestId>`, so coming back is the same participant.
    const guest = modalities.guests.find((g) => g.id === found.guestId);
    if (!guest) throw invalidInvitation();
    return {
      claims: { sub: guestParticipantId(guest.id), debateId, role: 'speaker', name: guest.name, guestId: guest.id },
      groupId: guest.group ?? null,
    };
  }
  if (found.usedAt !== null) throw invalidInvitation();
  const name = requireName(displayName ?? found.displayName);
  return { claims: { sub: citizenId, debateId, role: 'participant', name }, groupId: null };
}
