// The Socket.IO gateway (realtime/gateway.ts): handshake authentication and the one
// event table, the media layer's events merged in when it runs. Each dispatched event's
// latency goes to the metrics. At shutdown it drains (stops accepting, answers what is in
// flight) before the Socket.IO server's plugin disconnects the sockets.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { attachGateway } from '../realtime/gateway.ts';

export const gatewayPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, metrics, mediaRealtime } = app;
    const gateway = attachGateway({
      io: app.io,
      tokens: app.tokens,
      registry: app.registry,
      clock: app.clock,
      logger: app.log,
      ratePerSec: config.socketRatePerSec,
      rateBurst: config.socketRateBurst,
      onCommand: (event, seconds, ok) => metrics.command(event, seconds, ok),
      ...(app.bus ? { nodeId: app.bus.ownership.nodeId } : {}),
      assertActive: (claims) => app.staff.revocations.assertActive(claims),
      onStaffAction: (event, actor, debateId, ip) =>
        app.staff.audit.record({ action: event, actor, debateId, ip }).catch((err) => app.log.error({ err, event }, 'audit failed')),
      ...(mediaRealtime
        ? { extraHandlers: mediaRealtime.extraHandlers, onConnection: mediaRealtime.onConnection, onDisconnect: mediaRealtime.onDisconnect }
        : {}),
    });
    app.whenSocketsClose(() => gateway.drain());
  },
  { name: 'gateway', dependencies: ['config', 'metrics', 'tokens', 'socket-io', 'live-debates', 'media', 'staff-records', 'redis-bus'] },
);
