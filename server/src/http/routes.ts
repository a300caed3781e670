// The REST edge: registers every route group in one encapsulated scope. The scope's
// JSON parser accepts an empty body (browsers and tools often send
// `content-type: application/json` on action POSTs without one); anything else goes to
// Fastify's own parser, prototype-poisoning protection included.
import type { FastifyInstance } from 'fastify';
import { registerAccessRoutes } from './access-routes.ts';
import { registerArchiveRoutes } from './archive-routes.ts';
import { registerDebateRoutes } from './debate-routes.ts';
import { createGuards } from './guards.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerPublicRoutes } from './public-routes.ts';
import { registerRecordingRoutes } from './recording-routes.ts';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    const defaultJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      if (body === '') return done(null, undefined);
      return defaultJson(req, body as string, done);
    });
    const guards = createGuards(scope);
    registerHealthRoutes(scope);
    registerDebateRoutes(scope, guards);
    registerPublicRoutes(scope, guards);
    registerAccessRoutes(scope, guards);
    registerArchiveRoutes(scope, guards);
    registerRecordingRoutes(scope, guards);
  });
}
