// Serves the built browser client (client/dist) from Tribune itself, so one process gives
// a working site. Hashed assets are cached for a year; the page paths of the SPA
// (client/src/router.ts) all answer index.html, never cached, so a new deployment is
// picked up on the next load. Without a build, page paths answer 503 naming the command.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';

/** Page paths of the SPA (keep in step with client/src/router.ts). */
export const PAGE_ROUTES = ['/', '/admin', '/archive', '/archive/:debateId', '/d/:debateId', '/display/:debateId', '/moderate/:debateId', '/requests', '/caption/:debateId'];

/** The pages, in their own scope (its own reply.sendFile over client/dist). */
export const clientPagesPlugin = fp(
  async (scope: FastifyInstance) => {
    const { clientDir } = scope.config;
    const built = existsSync(join(clientDir, 'index.html'));
    if (built) {
      await scope.register(fastifyStatic, {
        root: clientDir,
        prefix: '/',
        index: false,
        // Page paths are answered by the routes below, assets by the wildcard.
        wildcard: true,
        setHeaders: (res, path) => {
          const hashed = path.includes('/assets/');
          res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
    const page = async (_req: unknown, reply: FastifyReply) => {
      if (!built) throw new AppError('UNAVAILABLE', 'the browser client is not built: run `npm run client:build`');
      // Security headers (CSP, no-referrer, nosniff...): plugins/security-headers.ts.
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    };
    for (const url of PAGE_ROUTES) scope.get(url, { schema: { hide: true } }, page);
  },
  { name: 'client-pages', dependencies: ['config'], encapsulate: true },
);
