// Who is calling a REST route. Two kinds of bearer: the instance's admin token (compared
// in constant time) and a debate-scoped JWT (a revoked staff link is refused: staff-links.ts). A JWT is only good for the debate it names
// (WRONG_DEBATE otherwise) and for the roles a route allows (FORBIDDEN otherwise).
// Guards run as `onRequest` hooks, before the body is parsed or validated: an
// unauthenticated caller gets 401 whatever it sent. Handlers read `req.caller`.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { bearerOf } from '../auth/jwt.ts';
import { secretMatches } from '../auth/secret-match.ts';
import type { TokenClaims } from '../auth/claims.ts';
import { AppError, isAppError } from '../errors.ts';
import type { Role } from '../protocol/common.ts';
import type { Actor } from '../domain/types.ts';
import type { Viewer } from '../domain/state.ts';

export type Caller = { kind: 'admin' } | { kind: 'token'; claims: TokenClaims };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the guards; null for an anonymous caller of a public route. */
    caller: Caller | null;
  }
}

/** OpenAPI: routes that require a bearer token (admin token or debate JWT). */
export const BEARER: { [scheme: string]: string[] }[] = [{ bearer: [] }];
/** OpenAPI: public routes on which a token changes what is shown. */
export const OPTIONAL_BEARER: { [scheme: string]: string[] }[] = [{}, { bearer: [] }];

export interface Guards {
  /** Anyone; a token sent along must be valid and, on a debate route, of that debate. */
  optional: onRequestHookHandler;
  admin: onRequestHookHandler;
  /** Admin, or a JWT of the route's debate (`:id`) whose role is in `roles`. */
  debateRole(roles: readonly Role[]): onRequestHookHandler;
  /** The admin token, or METRICS_TOKEN when configured (GET /metrics). */
  metrics: onRequestHookHandler;
}

export function createGuards(app: FastifyInstance): Guards {
  app.decorateRequest('caller', null);

  // An address that sent too many bad tokens is refused before its token is even
  // compared (the admin token cannot be guessed at HTTP speed); an expired token or one
  // of another debate is no guess and does not count.
  async function read(req: FastifyRequest): Promise<Caller | null> {
    if (req.headers.authorization === undefined) return null;
    await app.limits.authGate(req);
    const token = bearerOf(req);
    if (!token) throw new AppError('UNAUTHENTICATED', 'Expected "Authorization: Bearer <token>"');
    if (app.tokens.isAdminToken(token)) return { kind: 'admin' };
    try {
      const claims = app.tokens.verify(token);
      await app.staff.revocations.assertActive(claims);
      return { kind: 'token', claims };
    } catch (err) {
      if (isAppError(err) && err.code === 'INVALID_TOKEN') await app.limits.authFailed(req);
      throw err;
    }
  }

  async function required(req: FastifyRequest): Promise<Caller> {
    const caller = await read(req);
    if (!caller) throw new AppError('UNAUTHENTICATED', 'This route requires a bearer token');
    return caller;
  }

  const admin = async (req: FastifyRequest) => {
    const caller = await required(req);
    if (caller.kind !== 'admin') throw new AppError('FORBIDDEN', 'This route requires the admin token');
    req.caller = caller;
  };

  return {
    optional: async (req) => {
      req.caller = await read(req);
      assertScope(req.caller, routeDebateId(req));
    },
    admin,
    metrics: async (req) => {
      const token = bearerOf(req);
      // A scraper's token is no caller of the API: it opens this route only.
      if (token && secretMatches(app.config.metricsToken, token)) return;
      await admin(req);
    },
    debateRole: (roles) => async (req) => {
      const caller = await required(req);
      assertScope(caller, routeDebateId(req));
      if (caller.kind === 'token' && !roles.includes(caller.claims.role)) {
        throw new AppError('FORBIDDEN', `Role ${caller.claims.role} may not do this`);
      }
      req.caller = caller;
    },
  };
}

function routeDebateId(req: FastifyRequest): string | null {
  const id = (req.params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}

function assertScope(caller: Caller | null, debateId: string | null): void {
  if (debateId !== null && caller?.kind === 'token' && caller.claims.debateId !== debateId) {
    throw new AppError('WRONG_DEBATE', 'This token belongs to another debate');
  }
}

/** The caller of a route guarded by `admin` or `debateRole` (never null there). */
export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new AppError('UNAUTHENTICATED', 'This route requires a bearer token');
  return req.caller;
}

/** Admins and this debate's moderators see everything (drafts, access code, hidden results). */
export function isStaff(caller: Caller | null): boolean {
  return caller?.kind === 'admin' || (caller?.kind === 'token' && caller.claims.role === 'moderator');
}

export function actorOf(caller: Caller): Actor {
  if (caller.kind === 'admin') return { kind: 'admin' };
  const c = caller.claims;
  return { kind: 'participant', id: c.sub, role: c.role, name: c.name };
}

/** The redaction applied to reads: staff see everything, everyone else the public view. */
export function viewerOf(caller: Caller | null): Viewer {
  return isStaff(caller) ? { role: 'moderator', participantId: null } : { role: 'participant', participantId: null };
}
