// JWT issuing and verification (@fastify/jwt, HS256 only: `alg: none` and any other
// algorithm are refused). Shared by HTTP routes and the Socket.IO handshake.
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

export const tokensPlugin = fp(
  async (app: FastifyInstance, opts: { config: Config }) => {
    const { config } = opts;
    await app.register(fastifyJwt, {
      secret: config.jwtSecret,
      sign: { algorithm: 'HS256', expiresIn: config.tokenTtlSeconds },
      verify: { algorithms: ['HS256'] },
    });
    const adminDigest = digest(config.adminToken);
    const service: TokenService = {
      sign(claims, ttlSeconds) {
        return app.jwt.sign({ ...claims }, { expiresIn: ttlSeconds ?? config.tokenTtlSeconds });
      },
      verify(token) {
        let decoded: unknown;
        try {
          decoded = app.jwt.verify(token);
        } catch (err) {
          const code = (err as { code?: string }).code ?? '';
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
