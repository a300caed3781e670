// Shapes shared by every socket event, REST route and logged event: acks, errors, ids,
// roles and the actor who caused an event.
import { z } from 'zod';

export const IdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'expected an id');
export type Id = z.infer<typeof IdSchema>;

export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Every socket ack: `{ ok: true, data }` or `{ ok: false, error }`. */
export type Ack<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const RoleSchema = z.enum(['moderator', 'speaker', 'participant', 'display', 'captioner']);
export type Role = z.infer<typeof RoleSchema>;

/** Who caused an event. `system` is the server itself (timers, recovery). */
export const ActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('participant'), id: z.string(), role: RoleSchema, name: z.string() }),
  z.object({ kind: z.literal('admin') }),
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof ActorSchema>;
