// The one table of client events: name -> zod schema, allowed roles, handler. Handlers
// are thin: they call the application layer (LiveDebate) and return the ack data.
import type { z } from 'zod';
import type { Socket } from 'socket.io';
import type { Role } from '../protocol/common.ts';
import {
  EmptySchema,
  PollCloseSchema,
  PollVoteSchema,
  StateResyncSchema,
  TimeSyncSchema,
  type TimeSyncReply,
} from '../protocol/realtime.ts';
import { domainCommands } from '../domain/debate.ts';
import type { Actor } from '../domain/types.ts';
import type { DebateHandle } from '../live/handle.ts';
import type { TokenClaims } from '../auth/claims.ts';
import type { Clock } from '../clock.ts';

export interface HandlerContext {
  /** The debate, local or forwarded to the node that owns it. */
  debate: DebateHandle;
  claims: TokenClaims;
  actor: Actor;
  clock: Clock;
  /** Server time at which the message was received (for time:sync). */
  receivedAt: number;
  /** The sender's socket (media handlers push to it). */
  socket: Socket;
  /** The command's idempotency key, when the client sent one. */
  commandId?: string | undefined;
}

export interface EventHandler {
  schema: z.ZodType;
  roles: readonly Role[];
  handle(ctx: HandlerContext, payload: any): unknown | Promise<unknown>;
}

const ALL: readonly Role[] = ['moderator', 'speaker', 'participant', 'display', 'captioner'];

export function viewerOf(claims: TokenClaims) {
  return { role: claims.role, participantId: claims.role === 'display' ? null : claims.sub };
}

const gatewayHandlers: Record<string, EventHandler> = {
  'time:sync': {
    schema: TimeSyncSchema,
    roles: ALL,
    handle: (ctx, p: { t0: number }): TimeSyncReply => ({ t0: p.t0, t1: ctx.receivedAt, t2: ctx.clock.now() }),
  },
  'state:resync': {
    schema: StateResyncSchema,
    roles: ALL,
    handle: (ctx) => ctx.debate.view(viewerOf(ctx.claims)),
  },
  'debate:start': {
    schema: EmptySchema,
    roles: ['moderator'],
    handle: (ctx) => ctx.debate.transition('start', ctx.actor, ctx.commandId),
  },
  'debate:end': {
    schema: EmptySchema,
    roles: ['moderator'],
    handle: (ctx) => ctx.debate.transition('end', ctx.actor, ctx.commandId),
  },
  'poll:vote': {
    schema: PollVoteSchema,
    roles: ['participant', 'speaker'],
    handle: (ctx, p: { pollId: string; choices: number[]; seq?: number }) =>
      ctx.debate.vote(p.pollId, p.choices, ctx.claims.sub, p.seq),
  },
  'poll:close': {
    schema: PollCloseSchema,
    roles: ['moderator'],
    handle: (ctx, p: { pollId: string }) => ctx.debate.closePoll(p.pollId, ctx.actor, ctx.commandId),
  },
};

/** Gateway events plus every domain command (decided by the pure domain). */
export function buildHandlerTable(): Record<string, EventHandler> {
  const table: Record<string, EventHandler> = { ...gatewayHandlers };
  for (const [name, spec] of Object.entries(domainCommands)) {
    table[name] = {
      schema: spec.schema,
      roles: spec.roles,
      handle: (ctx, payload) => ctx.debate.execute(name, payload, ctx.actor, ctx.commandId),
    };
  }
  return table;
}
