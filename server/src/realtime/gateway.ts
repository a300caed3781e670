// The Socket.IO edge: handshake authentication (JWT scoped to one debate), room
// membership, the initial snapshot, and one wrapper that rate-limits, parses, authorizes,
// calls and acknowledges every client event. No business logic here.
import { Server, type Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import { ZodError } from 'zod';
import { AppError, isAppError } from '../errors.ts';
import type { ErrorBody, Ack } from '../protocol/common.ts';
import { SERVER_EVENTS } from '../protocol/realtime.ts';
import type { TokenClaims } from '../auth/claims.ts';
import type { TokenService } from '../auth/jwt.ts';
import type { StaffLinks } from '../access/staff-links.ts';
import type { Clock } from '../clock.ts';
import type { DebateRegistry } from '../live/registry.ts';
import type { Actor } from '../domain/types.ts';
import { TokenBucket } from './rate-limit.ts';
import { rooms } from './broadcaster.ts';
import { buildHandlerTable, viewerOf, type EventHandler } from './handlers.ts';

export interface GatewayOptions {
  io: Server;
  tokens: TokenService;
  /** Revoked staff links are refused at the handshake (TOKEN_REVOKED). */
  staffLinks?: Pick<StaffLinks, 'assertUsable'>;
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
  /** Told of every dispatched client event once acknowledged: its latency (metrics). */
  onCommand?: (event: string, seconds: number, ok: boolean) => void;
}

/** Plain data only: with Redis, fetchSockets (presence) ships it to other nodes. */
interface SocketData {
  claims: TokenClaims;
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

export function attachGateway(opts: GatewayOptions): void {
  const { io, tokens, registry, clock, logger } = opts;
  const table = { ...buildHandlerTable(), ...opts.extraHandlers };
  /** Per-socket rate limits, kept off socket.data (which must stay serializable). */
  const buckets = new WeakMap<Socket, TokenBucket>();

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const fail = (code: string, message: string) => next(Object.assign(new Error(message), { data: { code, message } }));
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
    Promise.resolve(opts.staffLinks?.assertUsable(claims))
      .then(() => registry.handle(claims.debateId))
      .then((debate) => debate.view(viewerOf(claims)))
      .then((view) => {
        if (view.state.debate.status === 'draft') return fail('DEBATE_NOT_FOUND', 'This debate is not announced');
        (socket.data as SocketData) = { claims };
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
      socket.on(name, (...args: unknown[]) => void dispatch(socket, name, handler, args));
    }
  });

  function reportPresence(claims: TokenClaims): void {
    registry
      .handle(claims.debateId)
      .then((debate) => debate.presence(claims.sub, claims.name, claims.role))
      .catch((err) => logger.warn({ err, debateId: claims.debateId }, 'presence report failed'));
  }

  async function dispatch(socket: Socket, name: string, handler: EventHandler, args: unknown[]): Promise<void> {
    // Latency is real elapsed time, whatever the debate clock (a FakeClock in tests).
    const started = performance.now();
    const receivedAt = clock.now();
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (a: Ack) => void) : undefined;
    const payload = ack ? (args.length > 1 ? args[0] : {}) : args[0];
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
      const parsed = handler.schema.safeParse(payload ?? {});
      if (!parsed.success) throw parsed.error;
      const debate = await registry.handle(claims.debateId);
      const actor: Actor = { kind: 'participant', id: claims.sub, role: claims.role, name: claims.name };
      const data = await handler.handle({ debate, claims, actor, clock, receivedAt, socket }, parsed.data);
      reply({ ok: true, data: data ?? null });
    } catch (err) {
      if (!isAppError(err) && !(err instanceof ZodError)) logger.error({ err, event: name }, 'socket handler failed');
      reply({ ok: false, error: toErrorBody(err) });
    }
  }
}
