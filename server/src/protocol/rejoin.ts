// REST bodies and answers of staying the same person: a browser's rejoin credential (kept
// in localStorage, one per debate), the short code that moves it to another device, and
// the staff links (moderator, display) an organizer lists and revokes, and pages renew.
import { z } from 'zod';
import { IdSchema } from './common.ts';

/** Exactly one of them: the device credential a join answered, or a transfer code shown on another device. */
export const RejoinBodySchema = z.union([
  z.strictObject({ credential: z.string().min(16).max(128) }),
  z.strictObject({ transferCode: z.string().min(4).max(32) }),
]);
export type RejoinBody = z.infer<typeof RejoinBodySchema>;

export const TransferCodeResponseSchema = z.object({
  /** 8 characters (no 0/O, 1/I/L), single use; case and spaces are ignored when typed. */
  code: z.string(),
  expiresAt: z.number(),
});
export type TransferCodeResponse = z.infer<typeof TransferCodeResponseSchema>;

export const ParticipantParamsSchema = z.object({ id: IdSchema, participantId: IdSchema });

export const RevokedResponseSchema = z.object({ participantId: IdSchema, revoked: z.boolean() });
export type RevokedResponse = z.infer<typeof RevokedResponseSchema>;

export const StaffLinkSchema = z.object({
  participantId: IdSchema,
  role: z.enum(['moderator', 'display', 'captioner']),
  displayName: z.string(),
  issuedAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type StaffLinkDto = z.infer<typeof StaffLinkSchema>;
export const StaffLinksResponseSchema = z.object({ links: z.array(StaffLinkSchema) });
