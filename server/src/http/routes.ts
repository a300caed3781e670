// The REST edge as one plugin: every route group in one encapsulated scope. The scope's
// JSON parser accepts an empty body (browsers and tools often send
// `content-type: application/json` on action POSTs without one); anything else goes to
// Fastify's own parser, prototype-poisoning protection included.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { registerAccessRoutes } from './access-routes.ts';
import { registerArchiveRoutes } from './archive-routes.ts';
import { registerDebateRoutes } from './debate-routes.ts';
import { registerFeedRoutes } from './feed-routes.ts';
import { createGuards } from './guards.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerMetricsRoutes } from './metrics-routes.ts';
import { registerPublicRoutes } from './public-routes.ts';
import { registerRecordingRoutes } from './recording-routes.ts';
import { registerRequestRoutes } from './request-routes.ts';
import { registerCaptionRoutes } from './caption-routes.ts';
import { registerRejoinRoutes } from './rejoin-routes.ts';
import { registerStaffLinkRoutes } from './staff-link-routes.ts';
import { registerStaffRoutes } from './staff-routes.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';
import { registerBroadcastRoutes } from './broadcast-routes.ts';
import { registerNotifyRoutes } from './notify-routes.ts';

export const routesPlugin = fp(
  async (scope: FastifyInstance) => {
    const defaultJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      if (body === '') return done(null, undefined);
      return defaultJson(req, body as string, done);
    });
    const guards = createGuards(scope);
    registerHealthRoutes(scope);
    registerMetricsRoutes(scope, guards);
    registerDebateRoutes(scope, guards);
    registerPublicRoutes(scope, guards);
    registerAccessRoutes(scope, guards);
    registerRejoinRoutes(scope, guards);
    registerStaffLinkRoutes(scope, guards);
    registerArchiveRoutes(scope, guards);
    registerStaffRoutes(scope, guards);
    await registerRecordingRoutes(scope, guards);
    registerFeedRoutes(scope);
    registerRequestRoutes(scope, guards);
    registerWebhookRoutes(scope, guards);
    registerCaptionRoutes(scope, guards);
    registerBroadcastRoutes(scope, guards);
    registerNotifyRoutes(scope, guards);
  },
  {
    name: 'routes',
    dependencies: ['config', 'metrics', 'tokens', 'openapi', 'database', 'live-debates', 'app-services', 'rate-limits', 'staff-records', 'channels'],
    encapsulate: true,
  },
);
