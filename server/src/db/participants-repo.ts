// Participants of a debate and the invitations that let guests and citizens in.
// Citizen participant ids are random; an invited guest's id is `guest_<guestId>`, so a
// guest who rejoins from another device is the same participant. An invitation code is
// shown once at creation: only its sha256 is stored, and consuming it is one atomic
// UPDATE ... WHERE used_at IS NULL, so concurrent redemptions have exactly one winner.
// Mapped rows use camelCase and ISO-8601 strings for timestamps.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Role } from '../protocol/common.ts';
import { sha256Hex } from './canonical-json.ts';
import type { Database } from './client.ts';
import { invitations, participants } from './schema.ts';

type Conn = Pick<Database, 'db'>;

export interface Participant {
  debateId: string;
  id: string;
  role: Role;
  displayName: string;
  groupId: string | null;
  guestId: string | null;
  invitationId: string | null;
  createdAt: string;
}

export interface ParticipantInput {
  debateId: string;
  id: string;
  role: Role;
  displayName: string;
  groupId?: string | null;
  guestId?: string | null;
  invitationId?: string | null;
}

export type InvitationKind = 'participant' | 'speaker';

export interface Invitation {
  id: string;
  debateId: string;
  kind: InvitationKind;
  guestId: string | null;
  displayName: string | null;
  createdAt: string;
  usedAt: string | null;
  usedBy: string | null;
}

export interface InvitationInput {
  debateId: string;
  kind: InvitationKind;
  guestId?: string | null;
  displayName?: string | null;
}

export const guestParticipantId = (guestId: string): string => `guest_${guestId}`;

/** Random citizen id (96 bits), valid for IdSchema and never of the guest_ form. */
export const newCitizenId = (): string => `c${randomBytes(12).toString('base64url')}`;

export const invitationCodeHash = (code: string): string => sha256Hex(code);

function toParticipant(row: typeof participants.$inferSelect): Participant {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

function toInvitation(row: typeof invitations.$inferSelect): Invitation {
  const { codeHash: _hidden, ...rest } = row;
  return { ...rest, createdAt: row.createdAt.toISOString(), usedAt: row.usedAt ? row.usedAt.toISOString() : null };
}

/** Inserts, or updates role/name/group/guest/invitation of an existing participant. */
export async function upsertParticipant({ db }: Conn, p: ParticipantInput): Promise<Participant> {
  const fields = {
    role: p.role,
    displayName: p.displayName,
    groupId: p.groupId ?? null,
    guestId: p.guestId ?? null,
    invitationId: p.invitationId ?? null,
  };
  const [row] = await db
    .insert(participants)
    .values({ debateId: p.debateId, id: p.id, ...fields })
    .onConflictDoUpdate({ target: [participants.debateId, participants.id], set: fields })
    .returning();
  return toParticipant(row!);
}

export async function getParticipant({ db }: Conn, debateId: string, id: string): Promise<Participant | null> {
  const [row] = await db
    .select()
    .from(participants)
    .where(and(eq(participants.debateId, debateId), eq(participants.id, id)));
  return row ? toParticipant(row) : null;
}

/** In joining order. */
export async function listParticipants({ db }: Conn, debateId: string): Promise<Participant[]> {
  const rows = await db
    .select()
    .from(participants)
    .where(eq(participants.debateId, debateId))
    .orderBy(asc(participants.createdAt), asc(participants.id));
  return rows.map(toParticipant);
}

/** Returns the clear code once; it cannot be recovered afterwards. */
export async function createInvitation(
  { db }: Conn,
  input: InvitationInput,
): Promise<{ invitation: Invitation; code: string }> {
  const code = randomBytes(16).toString('base64url');
  const [row] = await db
    .insert(invitations)
    .values({
      id: `inv_${randomBytes(9).toString('base64url')}`,
      debateId: input.debateId,
      kind: input.kind,
      codeHash: invitationCodeHash(code),
      guestId: input.guestId ?? null,
      displayName: input.displayName ?? null,
    })
    .returning();
  return { invitation: toInvitation(row!), code };
}

/** Looks a code up without using it (e.g. to derive `guest_<guestId>` before consuming). */
export async function findInvitation({ db }: Conn, debateId: string, code: string): Promise<Invitation | null> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.debateId, debateId), eq(invitations.codeHash, invitationCodeHash(code))));
  return row ? toInvitation(row) : null;
}

/** Atomic and single-use: the used invitation, or null if unknown, already used or of another debate. */
export async function consumeInvitation(
  { db }: Conn,
  debateId: string,
  code: string,
  participantId: string,
): Promise<Invitation | null> {
  const [row] = await db
    .update(invitations)
    .set({ usedAt: new Date(), usedBy: participantId })
    .where(
      and(
        eq(invitations.codeHash, invitationCodeHash(code)),
        eq(invitations.debateId, debateId),
        isNull(invitations.usedAt),
      ),
    )
    .returning();
  return row ? toInvitation(row) : null;
}

export async function listInvitations({ db }: Conn, debateId: string): Promise<Invitation[]> {
  const rows = await db
    .select()
    .from(invitations)
    .where(eq(invitations.debateId, debateId))
    .orderBy(asc(invitations.createdAt), asc(invitations.id));
  return rows.map(toInvitation);
}
