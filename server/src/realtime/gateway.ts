// The Socket.IO edge: handshake authentication (JWT scoped to one debate), room
// membership, the initial snapshot, and one wrapper that rate-limits, parses, authorizes,
// calls and acknowledges every client event. No business logic here.
//
// Shutdown drains it: new connections and new events are refused (UNAVAILABLE with a
// retry hint: another node, or this one restarted, will take them), the events in flight
// run to their ack (a ballot's ack waits for its batch, so pending ballots are written and
// acknowledged), and only then are the sockets disconnected (plugins/socket-io.ts).
import { Server, type Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import { ZodError } from 'zod';
import { AppError, isAppError } from '../errors.ts';
import type { ErrorBody, Ack } from '../protocol/common.ts';
import { COMMAND_ID_FIELD, CommandIdSchema, SERVER_EVENTS } from '../protocol/realtime.ts';
import type { TokenClaims } from '../auth/claims.ts';
import type { TokenService } from '../auth/jwt.ts';
import type { Clock } from '../clock.ts';
import type { DebateRegistry } from '../live/registry.ts';
import type { Actor } from '../domain/types.ts';
import { TokenBucket } from './rate-limit.ts';
import { rooms } from './broadcaster.ts';
import { buildHandlerTable, viewerOf, type EventHandler } from './handlers.ts';

export interface GatewayOptions {
  io: Server;
  tokens: TokenService;
  registry: DebateRegistry;
  clock: Clock;
  logger: FastifyBaseLogger;
  ratePerSec: number;
  rateBurst: number;
  /** Extra client events (e.g. media:*), same contract as the core table. */
  extraHandlers?: Record<string, EventHandler>;
  /** Called once per authenticated connection and on its disconnection (media cleanup). */
  onConnection?: (socket: Socket, claims: TokenClaims) => void;
  onDisconnect?: (socket: Socket, claims: TokenClaims) => void;
  /** This node's id (several nodes): kept with each socket, so the owner knows where a participant is. */
  nodeId?: string;
  /** Refuses a token whose link was revoked (throws TOKEN_REVOKED); checked at the handshake. */
  assertActive?: (claims: TokenClaims) => Promise<void>;
  /** Told of a staff action that succeeded (debate:start, debate:end): the audit trail. */
  onStaffAction?: (event: StaffAction, actor: Actor, debateId: string, ip: string | null) => void;
  /** Told of every dispatched client event once acknowledged: its latency (metrics). */
  onCommand?: (event: string, seconds: number, ok: boolean) => void;
}

/** The socket events that are staff actions of the audit trail. */
const STAFF_ACTIONS = new Set(['debate:start', 'debate:end'] as const);
type StaffAction = typeof STAFF_ACTIONS extends Set<infer T> ? T : never;
const isStaffAction = (name: string): name is StaffAction => STAFF_ACTIONS.has(name as StaffAction);

/** Plain data only: with Redis, fetchSockets (presence) ships it to other nodes. */
interface SocketData {
  claims: TokenClaims;
  /** The node holding the socket (presence after a node dies: live/whereabouts.ts). */
  node?: string;
}

export function toErrorBody(err: unknown): ErrorBody {
  if (isAppError(err)) return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  if (err instanceof ZodError) {
    return {
      code: 'VALIDATION_FAILED',
      message: 'Invalid payload',
      details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  return { code: 'INTERNAL', message: 'Internal server error' };
}

/**
 * Every client event carries exactly one JSON object as its payload, `{}` included: an
 * absent payload, null, an array or a scalar is refused before any schema or handler
 * runs, so no command can ever run on a default it was not sent (docs/protocol.md).
 */
export function isPayload(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The idempotency key travels beside the command's fields (protocol/realtime.ts). */
function takeCommandId(payload: Record<string, unknown>): { commandId: string | undefined; rest: unknown } {
  if (!Object.hasOwn(payload, COMMAND_ID_FIELD)) return { commandId: undefined, rest: payload };
  const { [COMMAND_ID_FIELD]: raw, ...rest } = payload;
  const key = CommandIdSchema.safeParse(raw);
  if (!key.success) throw new AppError('VALIDATION_FAILED', 'Invalid commandId', [{ path: COMMAND_ID_FIELD, message: key.error.issues[0]?.message ?? 'invalid' }]);
  return { commandId: key.data, rest };
}

export interface Gateway {
  /** Refuse new connections and events; resolves once every event in flight is acknowledged. */
  drain(): Promise<void>;
}

const SHUTTING_DOWN = { code: 'UNAVAILABLE', message: 'Server is shutting down', details: { retryAfterMs: 1000 } } as const;

export function attachGateway(opts: GatewayOptions): Gateway {
  const { io, tokens, registry, clock, logger } = opts;
  const table = { ...buildHandlerTable(), ...opts.extraHandlers };
  let draining = false;
  const inFlight = new Set<Promise<void>>();
  /** Per-socket rate limits, kept off socket.data (which must stay serializable). */
  const buckets = new WeakMap<Socket, TokenBucket>();

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const fail = (code: string, message: string) => next(Object.assign(new Error(message), { data: { code, message } }));
    if (draining) return fail(SHUTTING_DOWN.code, SHUTTING_DOWN.message);
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      return fail('UNAUTHENTICATED', 'A token is required (handshake auth.token)');
    }
    let claims: TokenClaims;
    try {
      claims = tokens.verify(token);
    } catch (err) {
      const body = toErrorBody(err);
      return fail(body.code, body.message);
    }
    Promise.resolve(opts.assertActive?.(claims))
      .then(() => registry.handle(claims.debateId))
      .then((debate) => debate.view(viewerOf(claims)))
      .then((view) => {
        if (view.state.debate.status === 'draft') return fail('DEBATE_NOT_FOUND', 'This debate is not announced');
        (socket.data as SocketData) = opts.nodeId ? { claims, node: opts.nodeId } : { claims };
        buckets.set(socket, new TokenBucket(opts.ratePerSec, opts.rateBurst, clock));
        next();
      })
      .catch((err) => {
        const body = toErrorBody(err);
        fail(body.code, body.message);
      });
  });

  io.on('connection', (socket) => {
    const { claims } = socket.data as SocketData;
    const debateId = claims.debateId;
    void socket.join([rooms.all(debateId), rooms.shard(debateId, socket.id)]);
    const tracked = claims.role === 'participant' || claims.role === 'speaker';
    if (claims.role === 'moderator') void socket.join(rooms.staff(debateId));
    else {
      void socket.join(rooms.public(debateId));
      if (claims.role !== 'display') {
        // Once in the person room, the owner counts this socket (whatever node it is on).
        void Promise.resolve(socket.join(rooms.person(debateId, claims.sub))).then(() => tracked && reportPresence(claims));
      }
    }
    registry
      .handle(debateId)
      .then((debate) => debate.view(viewerOf(claims)))
      .then((view) => socket.emit(SERVER_EVENTS.snapshot, view))
      .catch((err) => logger.warn({ err, debateId }, 'snapshot failed'));

    opts.onConnection?.(socket, claims);
    socket.on('disconnect', () => {
      opts.onDisconnect?.(socket, claims);
      // The socket has left its rooms by now: the owner's count no longer includes it.
      if (tracked) reportPresence(claims);
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      if (typeof event === 'string' && Object.hasOwn(table, event)) return;
      const ack = args.findLast((a) => typeof a === 'function') as ((a: Ack) => void) | undefined;
      ack?.({ ok: false, error: { code: 'UNKNOWN_EVENT', message: `Unknown event "${String(event).slice(0, 60)}"` } });
    });
    for (const [name, handler] of Object.entries(table)) {
      socket.on(name, (...args: unknown[]) => {
        if (draining) {
          const ack = args.findLast((a) => typeof a === 'function') as ((a: Ack) => void) | undefined;
          return ack?.({ ok: false, error: SHUTTING_DOWN });
        }
        const p = dispatch(socket, name, handler, args).finally(() => inFlight.delete(p));
        inFlight.add(p);
      });
    }
  });

  function reportPresence(claims: TokenClaims): void {
    registry
      .handle(claims.debateId)
      .then((debate) => debate.presence(claims.sub, claims.name, claims.role))
      .catch((err) => logger.warn({ err, debateId: claims.debateId }, 'presence report failed'));
  }

  return {
    async drain() {
      draining = true;
      await Promise.allSettled([...inFlight]);
    },
  };

  async function dispatch(socket: Socket, name: string, handler: EventHandler, args: unknown[]): Promise<void> {
    // Latency is real elapsed time, whatever the debate clock (a FakeClock in tests).
    const started = performance.now();
    const receivedAt = clock.now();
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (a: Ack) => void) : undefined;
    // Exactly one payload, then the ack: a missing payload is not `{}` (see isPayload).
    const payloads = ack ? args.slice(0, -1) : args;
    const reply = (a: Ack) => {
      if (ack) ack(a);
      opts.onCommand?.(name, (performance.now() - started) / 1000, a.ok);
    };
    const { claims } = socket.data as SocketData;
    const bucket = buckets.get(socket);
    try {
      if (!bucket?.take()) throw new AppError('RATE_LIMITED', 'Too many messages; slow down');
      if (!handler.roles.includes(claims.role)) {
        throw new AppError('FORBIDDEN', `Role ${claims.role} may not send ${name}`);
      }
      if (payloads.length !== 1 || !isPayload(payloads[0])) {
        throw new AppError('VALIDATION_FAILED', `${name} takes one object payload (send {} when it has no field)`);
      }
      const { commandId, rest } = takeCommandId(payloads[0]);
      const parsed = handler.schema.safeParse(rest);
      if (!parsed.success) throw parsed.error;
      const debate = await registry.handle(claims.debateId);
      const actor: Actor = { kind: 'participant', id: claims.sub, role: claims.role, name: claims.name };
      const data = await handler.handle({ debate, claims, actor, clock, receivedAt, socket, commandId }, parsed.data);
      reply({ ok: true, data: data ?? null });
      if (isStaffAction(name)) opts.onStaffAction?.(name, actor, claims.debateId, socket.handshake.address ?? null);
    } catch (err) {
      if (!isAppError(err) && !(err instanceof ZodError)) logger.error({ err, event: name }, 'socket handler failed');
      reply({ ok: false, error: toErrorBody(err) });
    }
  }
}
