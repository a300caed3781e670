// The operations one node forwards to the owner of a debate (bus/rpc.ts carries them):
// one zod schema per operation, so what arrives from another node is parsed like any
// other input before it reaches a LiveDebate. Ballots are not among them: any node
// writes them itself (ballot-intake.ts).
import { z } from 'zod';
import { ActorSchema, IdSchema, RoleSchema } from '../protocol/common.ts';
import { CommandIdSchema } from '../protocol/realtime.ts';
import { DebateUpdatedSchema } from '../protocol/events/lifecycle.ts';
import { ViewerSchema } from '../protocol/views.ts';
import { AppError } from '../errors.ts';
import { domainCommands } from '../domain/debate.ts';
import type { LiveDebate } from './live-debate.ts';

const debateId = IdSchema;
const commandId = CommandIdSchema.optional();

export const ForwardedSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('execute'), debateId, name: z.string().max(64), payload: z.unknown(), actor: ActorSchema, commandId }),
  z.strictObject({ op: z.literal('update'), debateId, patch: DebateUpdatedSchema, actor: ActorSchema, commandId }),
  z.strictObject({
    op: z.literal('transition'),
    debateId,
    action: z.enum(['announce', 'start', 'end', 'archive']),
    actor: ActorSchema,
    commandId,
  }),
  z.strictObject({
    op: z.literal('reschedule'),
    debateId,
    change: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('cancel'), reason: z.string().max(500).nullable() }),
      z.strictObject({ kind: z.literal('postpone'), scheduledStart: z.iso.datetime({ offset: true }), reason: z.string().max(500).nullable() }),
    ]),
    actor: ActorSchema,
    commandId,
  }),
  z.strictObject({ op: z.literal('closePoll'), debateId, pollId: IdSchema, actor: ActorSchema, commandId }),
  z.strictObject({ op: z.literal('view'), debateId, viewer: ViewerSchema }),
  z.strictObject({ op: z.literal('read'), debateId }),
  z.strictObject({ op: z.literal('presence'), debateId, participantId: IdSchema, name: z.string().max(200), role: RoleSchema }),
]);
export type Forwarded = z.infer<typeof ForwardedSchema>;
export type ForwardedOp = Forwarded['op'];

/** Operations that only read, or recount what is (presence): safe to send again after a timeout. */
export const RESENDABLE_OPS: ReadonlySet<ForwardedOp> = new Set(['view', 'read', 'presence']);

/** Parse what another node sent (VALIDATION_FAILED when it does not fit). */
export function parseForwarded(raw: unknown): Forwarded {
  const parsed = ForwardedSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'Malformed forwarded operation', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** Run a forwarded (or local) operation on the debate's copy. */
export function runForwarded(d: LiveDebate, req: Forwarded): Promise<unknown> {
  switch (req.op) {
    case 'execute': {
      // Parsed again here: the payload crossed a node boundary.
      const spec = domainCommands[req.name];
      if (!spec) return Promise.reject(new AppError('UNKNOWN_EVENT', `Unknown command ${req.name}`));
      return d.execute(req.name, spec.schema.parse(req.payload), req.actor, req.commandId);
    }
    case 'update':
      return d.update(req.patch, req.actor, req.commandId);
    case 'transition':
      return d.transition(req.action, req.actor, req.commandId);
    case 'reschedule':
      return d.reschedule(req.change, req.actor, req.commandId);
    case 'closePoll':
      return d.closePoll(req.pollId, req.actor, req.commandId);
    case 'view':
      return d.view(req.viewer);
    case 'read':
      return d.read();
    case 'presence':
      return d.presence(req.participantId, req.name, req.role);
  }
}
