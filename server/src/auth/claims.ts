// What a Tribune JWT carries. Every token is scoped to exactly one debate and one role.
import { z } from 'zod';
import { IdSchema, RoleSchema } from '../protocol/common.ts';

export const TokenClaimsSchema = z.object({
  /** Participant id within the debate (guests: `guest_<guestId>`). */
  sub: IdSchema,
  debateId: IdSchema,
  role: RoleSchema,
  name: z.string().min(1).max(120),
  /** Set for invited guests (speaker role). */
  guestId: z.string().optional(),
  /** Personal invitation that was consumed to obtain this token (binding votes). */
  invitationId: z.string().optional(),
  /** The rejoin credential (rejoin_credentials.id) this token was issued for: revoking the
   *  credential (a move to another device, a moderator's revocation) cuts the token too. */
  cid: z.string().max(64).optional(),
  /** Always there: a token without them is refused (auth/jwt.ts). */
  iat: z.number(),
  exp: z.number(),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;
