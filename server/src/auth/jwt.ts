// JWT issuing and verification (@fastify/jwt, HS256 only: `alg: none` and any other
// algorithm are refused; `exp` and `iat` are required). Shared by HTTP routes and the
// Socket.IO handshake. Key rotation: every token names its key (`kid`, a digest of the
// secret, never the secret); after JWT_SECRET changes, tokens of JWT_PREVIOUS_SECRET are
// still accepted until JWT_PREVIOUS_SECRET_UNTIL, so nobody is logged out mid-debate.
import fastifyJwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual, createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { TokenClaimsSchema, type TokenClaims } from './claims.ts';
import type { Config } from '../config.ts';

export interface TokenService {
  sign(claims: Omit<TokenClaims, 'iat' | 'exp'>, ttlSeconds?: number): string;
  /** Verifies signature, algorithm, expiry and shape; throws AppError. */
  verify(token: string): TokenClaims;
  isAdminToken(token: string): boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenService;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The key id of a secret: 16 hex digits of its SHA-256. */
export const keyIdOf = (secret: string): string => digest(`tribune-jwt-kid:${secret}`).toString('hex').slice(0, 16);

const VERIFY = { algorithms: ['HS256' as const], requiredClaims: ['exp', 'iat'] };

export const tokensPlugin = fp(
  async (app: FastifyInstance, opts: { config: Config }) => {
    const { config } = opts;
    const currentKid = keyIdOf(config.jwtSecret);
    await app.register(fastifyJwt, {
      secret: config.jwtSecret,
      sign: { algorithm: 'HS256', expiresIn: config.tokenTtlSeconds, kid: currentKid },
      verify: VERIFY,
    });
    const previous = config.jwtPreviousSecret;
    const previousKid = previous ? keyIdOf(previous.secret) : null;
    /** The secrets a token may be signed with, by its kid (none: tokens from before kids). */
    const keysFor = (kid: unknown): string[] => {
      const prev = previous && Date.now() < previous.until ? previous.secret : null;
      if (kid === undefined) return prev ? [config.jwtSecret, prev] : [config.jwtSecret];
      if (kid === currentKid) return [config.jwtSecret];
      if (kid === previousKid && prev) return [prev];
      return [];
    };
    const adminDigest = digest(config.adminToken);
    const service: TokenService = {
      sign(claims, ttlSeconds) {
        return app.jwt.sign({ ...claims }, { expiresIn: ttlSeconds ?? config.tokenTtlSeconds, kid: currentKid });
      },
      verify(token) {
        let header: { alg?: unknown; kid?: unknown };
        try {
          header = (app.jwt.decode(token, { complete: true }) as { header: { alg?: unknown; kid?: unknown } }).header;
        } catch {
          throw new AppError('INVALID_TOKEN', 'The token is invalid');
        }
        if (header.alg !== 'HS256') throw new AppError('INVALID_TOKEN', 'The token is invalid');
        let decoded: unknown = null;
        let failure: unknown = null;
        for (const key of keysFor(header.kid)) {
          try {
            decoded = app.jwt.verify(token, { key, ...VERIFY });
            break;
          } catch (err) {
            failure = err;
          }
        }
        if (decoded === null) {
          const code = (failure as { code?: string } | null)?.code ?? '';
          if (code.includes('EXPIRED')) throw new AppError('TOKEN_EXPIRED', 'The token has expired');
          throw new AppError('INVALID_TOKEN', 'The token is invalid');
        }
        const parsed = TokenClaimsSchema.safeParse(decoded);
        if (!parsed.success) throw new AppError('INVALID_TOKEN', 'The token has an unexpected shape');
        return parsed.data;
      },
      isAdminToken(token) {
        // Constant-time comparison of digests (equal length by construction).
        return timingSafeEqual(digest(token), adminDigest);
      },
    };
    app.decorate('tokens', service);
  },
  { name: 'tokens' },
);

export function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m ? m[1]!.trim() : null;
}
