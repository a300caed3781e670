// The Socket.IO gateway (realtime/gateway.ts): handshake authentication and the one
// event table, the media layer's events merged in when it runs. Each dispatched event's
// latency goes to the metrics. Nothing to close: the Socket.IO server's plugin does.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createStaffLinks } from '../access/staff-links.ts';
import { attachGateway } from '../realtime/gateway.ts';

export const gatewayPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, metrics, mediaRealtime } = app;
    attachGateway({
      io: app.io,
      tokens: app.tokens,
      staffLinks: createStaffLinks(app.database),
      registry: app.registry,
      clock: app.clock,
      logger: app.log,
      ratePerSec: config.socketRatePerSec,
      rateBurst: config.socketRateBurst,
      onCommand: (event, seconds, ok) => metrics.command(event, seconds, ok),
      ...(mediaRealtime
        ? { extraHandlers: mediaRealtime.extraHandlers, onConnection: mediaRealtime.onConnection, onDisconnect: mediaRealtime.onDisconnect }
        : {}),
    });
  },
  { name: 'gateway', dependencies: ['config', 'metrics', 'tokens', 'socket-io', 'database', 'live-debates', 'media'] },
);
