// Builds the Tribune application as a Fastify instance and never listens (server.ts
// does). Every resource is a plugin with a name, its dependencies and its own close
// hook (server/src/plugins/, map in the README), registered in dependency order. Fastify
// runs close hooks in reverse order, so one `app.close()` stops realtime traffic, lets
// the debates finish their queued commands and flush their ballots, then closes storage,
// then Redis. A plugin that fails to open (e.g. media cannot start) closes what the
// earlier ones opened.
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import { tokensPlugin } from './auth/jwt.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { clientPagesPlugin } from './http/client-pages.ts';
import { routesPlugin } from './http/routes.ts';
import { appServicesPlugin } from './plugins/app-services.ts';
import { channelsPlugin } from './plugins/channels.ts';
import { configPlugin } from './plugins/config.ts';
import { databasePlugin } from './plugins/database.ts';
import { gatewayPlugin } from './plugins/gateway.ts';
import { liveDebatesPlugin } from './plugins/live-debates.ts';
import { mediaPlugin } from './plugins/media.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { rateLimitsPlugin } from './plugins/rate-limits.ts';
import { redisBusPlugin } from './plugins/redis-bus.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { socketIoPlugin } from './plugins/socket-io.ts';
import { staffRecordsPlugin } from './plugins/staff-records.ts';
import { storagePlugin } from './plugins/storage.ts';
import { mailerPlugin } from './plugins/mailer.ts';
import { jobQueuePlugin } from './plugins/job-queue.ts';
import { notificationsPlugin } from './plugins/notifications.ts';

export interface BuildOptions {
  clock?: Clock;
  /** Pino logger options or false; defaults to the configured level. */
  logger?: boolean | Record<string, unknown>;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
    // Behind the TLS proxy (deploy/nginx.conf): the client's address for the rate limits.
    trustProxy: config.trustProxy,
    // Opening PGlite on disk runs initdb and the migrations in WebAssembly: 9 to 17 s on
    // two busy cores (measured), past Fastify's 10 s default, and the server then failed
    // to start. PostgreSQL connects well within it.
    pluginTimeout: 60_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  app.register(configPlugin, { config, clock: opts.clock ?? systemClock });
  app.register(securityHeadersPlugin);
  app.register(metricsPlugin);
  app.register(openApiPlugin);
  app.register(tokensPlugin, { config });
  app.register(socketIoPlugin);
  app.register(redisBusPlugin);
  app.register(rateLimitsPlugin);
  app.register(databasePlugin);
  app.register(mailerPlugin);
  app.register(jobQueuePlugin);
  app.register(storagePlugin);
  app.register(staffRecordsPlugin);
  app.register(liveDebatesPlugin);
  app.register(mediaPlugin);
  app.register(gatewayPlugin);
  app.register(appServicesPlugin);
  app.register(channelsPlugin);
  app.register(notificationsPlugin);
  app.register(routesPlugin);
  app.register(clientPagesPlugin);
  try {
    await app.ready();
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}
