// HTTP rate limits on what can be guessed (@fastify/rate-limit): joining a debate (its
// access code, an invitation code) and the bearer tokens (the admin token above all).
// Two kinds of counter, each per client IP and, for joins, per debate too:
//   - attempts: every join counts; past the limit, 429 until the window ends;
//   - failures: only a wrong code, invitation or token counts, and once there are too
//     many the gate is shut for that IP (or debate) for the rest of the window, right
//     or wrong: stricter after failures, and a guesser learns nothing meanwhile.
// With REDIS_URL the counters live in Redis, so every node shares them; else in memory.
// A refusal is 429 RATE_LIMITED with Retry-After (seconds).
import fastifyRateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export interface LimitsConfig {
  /** Join attempts per IP per minute (a room behind one NAT joins from one address). */
  joinPerIp: number;
  /** Join attempts per debate per minute (a whole town hall joining at once). */
  joinPerDebate: number;
  /** Failed joins (wrong access code or invitation) per IP, then per debate, per window. */
  joinFailuresPerIp: number;
  joinFailuresPerDebate: number;
  /** Bearer tokens that are neither the admin token nor a valid JWT, per IP per window. */
  authFailuresPerIp: number;
  /** The failure window, ms. */
  failureWindowMs: number;
}

export interface AttemptLimits {
  /** onRequest of POST /api/debates/:id/join: the attempt counters, then the failure gates. */
  joinGate(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** A join refused for a wrong access code or invitation. */
  joinFailed(req: FastifyRequest): Promise<void>;
  /** Before a bearer token is checked: is this IP shut out for bad tokens? */
  authGate(req: FastifyRequest): Promise<void>;
  /** A bearer token that is neither the admin token nor a valid JWT. */
  authFailed(req: FastifyRequest): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    limits: AttemptLimits;
  }
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type Status = Awaited<ReturnType<Limiter>>;

const MINUTE = 60_000;

function refused(status: Status, what: string): AppError {
  const retryAfterSeconds = Math.max(1, 'ttlInSeconds' in status ? status.ttlInSeconds! : 60);
  return new AppError('RATE_LIMITED', `Too many ${what}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

const debateOf = (req: FastifyRequest) => String((req.params as { id?: unknown } | undefined)?.id ?? '');

export const rateLimitsPlugin = fp(
  async (app: FastifyInstance) => {
    const { limits: cfg, redisPrefix } = app.config;
    await app.register(fastifyRateLimit, {
      global: false,
      ...(app.bus ? { redis: app.bus.client, nameSpace: `${redisPrefix}:rate:` } : {}),
      // A counter store that cannot answer (Redis down) must not lock everyone out.
      skipOnError: true,
      errorResponseBuilder: (_req, ctx) =>
        new AppError('RATE_LIMITED', `Too many requests: try again in ${ctx.after}`, { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
    });
    const limiter = (name: string, max: number, timeWindow: number, key: (req: FastifyRequest) => string): Limiter =>
      app.createRateLimit({ max, timeWindow, keyGenerator: (req) => `${name}:${key(req)}` });
    const byIp = (req: FastifyRequest) => req.ip;

    const joinIp = limiter('join-ip', cfg.joinPerIp, MINUTE, byIp);
    const joinDebate = limiter('join-debate', cfg.joinPerDebate, MINUTE, debateOf);
    const joinFailIp = limiter('join-fail-ip', cfg.joinFailuresPerIp, cfg.failureWindowMs, byIp);
    const joinFailDebate = limiter('join-fail-debate', cfg.joinFailuresPerDebate, cfg.failureWindowMs, debateOf);
    const authFailIp = limiter('auth-fail-ip', cfg.authFailuresPerIp, cfg.failureWindowMs, byIp);

    /** A failure gate is shut once its count reaches the limit (a peek: nothing counted). */
    async function gate(l: Limiter, req: FastifyRequest, what: string): Promise<void> {
      const s = await l(req, { increment: false });
      if (!s.isAllowed && s.remaining === 0 && s.ttl > 0) throw refused(s, what);
    }
    async function count(l: Limiter, req: FastifyRequest, what: string): Promise<void> {
      const s = await l(req);
      if (!s.isAllowed && s.isExceeded) throw refused(s, what);
    }

    app.decorate('limits', {
      async joinGate(req) {
        await count(joinIp, req, 'join attempts from this address');
        await count(joinDebate, req, 'join attempts for this debate');
        await gate(joinFailIp, req, 'failed join attempts from this address');
        await gate(joinFailDebate, req, 'failed join attempts for this debate');
      },
      async joinFailed(req) {
        await Promise.all([joinFailIp(req), joinFailDebate(req)]);
      },
      async authGate(req) {
        await gate(authFailIp, req, 'invalid tokens from this address');
      },
      async authFailed(req) {
        await authFailIp(req);
      },
    } satisfies AttemptLimits);
  },
  { name: 'rate-limits', dependencies: ['config', 'redis-bus'] },
);
