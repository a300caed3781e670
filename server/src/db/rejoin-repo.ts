// Rejoin credentials (schema.ts `rejoin_credentials`): a browser's long-lived `device`
// secret and the short `transfer` codes that move a participant to another device.
// Only sha256 hashes are stored; a transfer code is used by one atomic UPDATE ... WHERE
// used_at IS NULL, so two devices racing for one code have exactly one winner.
import { randomBytes, randomInt } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { sha256Hex } from './canonical-json.ts';
import type { Database } from './client.ts';
import { rejoinCredentials } from './schema.ts';

type Conn = Pick<Database, 'db'>;

export type CredentialKind = 'device' | 'transfer';

/** Transfer codes: 8 characters without look-alikes (0/O, 1/I/L), typed on a phone. */
const TRANSFER_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const TRANSFER_CODE_LENGTH = 8;

function newTransferCode(): string {
  let code = '';
  for (let i = 0; i < TRANSFER_CODE_LENGTH; i += 1) code += TRANSFER_ALPHABET[randomInt(TRANSFER_ALPHABET.length)];
  return code;
}

/** Case and separators do not matter when a person types a code. */
export const normalizeTransferCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

const hashOf = (kind: CredentialKind, secret: string) =>
  sha256Hex(`${kind}:${kind === 'transfer' ? normalizeTransferCode(secret) : secret}`);

export interface IssuedCredential {
  id: string;
  secret: string;
  expiresAt: Date | null;
}

export async function issueCredential(
  { db }: Conn,
  input: { debateId: string; participantId: string; kind: CredentialKind; expiresAt?: Date | null },
): Promise<IssuedCredential> {
  const secret = input.kind === 'transfer' ? newTransferCode() : randomBytes(24).toString('base64url');
  const id = `rj_${randomBytes(9).toString('base64url')}`;
  const expiresAt = input.expiresAt ?? null;
  await db.insert(rejoinCredentials).values({
    id,
    debateId: input.debateId,
    participantId: input.participantId,
    kind: input.kind,
    secretHash: hashOf(input.kind, secret),
    expiresAt,
  });
  return { id, secret, expiresAt };
}

/** The participant a device secret belongs to (and the credential's id), if it is neither revoked nor expired. */
export async function participantOfDevice(
  { db }: Conn,
  debateId: string,
  secret: string,
  now: Date,
): Promise<{ participantId: string; id: string } | null> {
  const [row] = await db
    .select({ participantId: rejoinCredentials.participantId, id: rejoinCredentials.id })
    .from(rejoinCredentials)
    .where(
      and(
        eq(rejoinCredentials.secretHash, hashOf('device', secret)),
        eq(rejoinCredentials.debateId, debateId),
        eq(rejoinCredentials.kind, 'device'),
        isNull(rejoinCredentials.revokedAt),
        or(isNull(rejoinCredentials.expiresAt), gt(rejoinCredentials.expiresAt, now)),
      ),
    );
  return row ?? null;
}

/** Uses a transfer code (once): the participant it moves, or null (unknown, used, expired, revoked). */
export async function consumeTransferCode({ db }: Conn, debateId: string, code: string, now: Date): Promise<string | null> {
  const [row] = await db
    .update(rejoinCredentials)
    .set({ usedAt: now })
    .where(
      and(
        eq(rejoinCredentials.secretHash, hashOf('transfer', code)),
        eq(rejoinCredentials.debateId, debateId),
        eq(rejoinCredentials.kind, 'transfer'),
        isNull(rejoinCredentials.usedAt),
        isNull(rejoinCredentials.revokedAt),
        gt(rejoinCredentials.expiresAt, now),
      ),
    )
    .returning({ participantId: rejoinCredentials.participantId });
  return row?.participantId ?? null;
}

/** Revokes every credential of one participant (or only its `device` ones); returns how many were live. */
export async function revokeCredentials(
  { db }: Conn,
  debateId: string,
  participantId: string,
  now: Date,
  only?: CredentialKind,
): Promise<number> {
  const rows = await db
    .update(rejoinCredentials)
    .set({ revokedAt: now })
    .where(
      and(
        eq(rejoinCredentials.debateId, debateId),
        eq(rejoinCredentials.participantId, participantId),
        isNull(rejoinCredentials.revokedAt),
        only ? eq(rejoinCredentials.kind, only) : undefined,
      ),
    )
    .returning({ id: rejoinCredentials.id });
  return rows.length;
}

/** Whether the credential a token names is still live (not revoked; a missing row is not). */
export async function credentialIsLive({ db }: Conn, debateId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ revokedAt: rejoinCredentials.revokedAt })
    .from(rejoinCredentials)
    .where(and(eq(rejoinCredentials.id, id), eq(rejoinCredentials.debateId, debateId)))
    .limit(1);
  return row !== undefined && row.revokedAt === null;
}
