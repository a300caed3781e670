// Builds the Tribune application as a Fastify instance and never listens (server.ts
// does). Every resource (database, ballot writer, live debates, Socket.IO, Redis) is
// opened here and released by one `app.close()`, in tests too.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { Server } from 'socket.io';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import { tokensPlugin } from './auth/jwt.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { openServices, type AppServices } from './services.ts';
import { attachGateway } from './realtime/gateway.ts';
import { SocketBroadcaster } from './realtime/broadcaster.ts';
import { registerRoutes } from './http/routes.ts';
import { registerClientPages } from './http/client-pages.ts';
import { attachRedis } from './bus/redis.ts';
import type { MediaService } from '../../media/service.ts';
import type { MediaLayer } from './realtime/media-handlers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
    /** The media layer (mediasoup); null when MEDIA_ENABLED=false. */
    media: MediaService | null;
  }
}

export interface BuildOptions {
  clock?: Clock;
  /** Pino logger options or false; defaults to the configured level. */
  logger?: boolean | Record<string, unknown>;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Tribune API',
        description: 'Hybrid public debates: debates, access, archive. Realtime events: see docs/protocol.md.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(tokensPlugin, { config });

  const io = new Server(app.server, {
    maxHttpBufferSize: config.socketMaxPayload,
    serveClient: false,
    cors: { origin: true },
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
  const redis = config.redisUrl
    ? await attachRedis(io, { url: config.redisUrl, prefix: config.redisPrefix, leaseTtlMs: config.leaseTtlMs, nodeId: config.nodeId }, app.log)
    : null;
  const services = await openServices({
    config,
    clock,
    logger: app.log,
    broadcaster: new SocketBroadcaster(io),
    ...(redis ? { ownership: redis.ownership, rpc: redis.rpc } : {}),
  });
  app.decorate('services', services);
  // Imported only when enabled, so that MEDIA_ENABLED=false loads nothing of mediasoup.
  let media: MediaLayer | null = null;
  if (config.media) {
    try {
      const { openMediaLayer } = await import('./realtime/media-handlers.ts');
      media = await openMediaLayer({
        config: config.media,
        io,
        registry: services.registry,
        clock,
        logger: app.log,
        recording: { database: services.database, dataDir: config.dataDir, loadEvents: (id) => services.events.load(id) },
      });
    } catch (err) {
      await services.close();
      await redis?.close();
      throw err;
    }
  }
  app.decorate('media', media?.service ?? null);
  attachGateway({
    io,
    tokens: app.tokens,
    registry: services.registry,
    clock,
    logger: app.log,
    ratePerSec: config.socketRatePerSec,
    rateBurst: config.socketRateBurst,
    ...(media ? { extraHandlers: media.extraHandlers, onConnection: media.onConnection, onDisconnect: media.onDisconnect } : {}),
  });
  await registerRoutes(app);
  await registerClientPages(app, config.clientDir);

  // One ordered shutdown: stop realtime traffic, let debates finish their queued
  // commands and flush ballots, then close storage and Redis.
  app.addHook('preClose', async () => {
    // Only this node's sockets: with the Redis adapter a plain call would reach every node.
    io.local.disconnectSockets(true);
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });
  app.addHook('onClose', async () => {
    await media?.close();
    await services.close();
    await redis?.close();
  });
  return app;
}
