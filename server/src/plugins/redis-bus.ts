// Several nodes (REDIS_URL): the Socket.IO Redis streams adapter, ownership leases and
// command forwarding (bus/redis.ts). Without REDIS_URL, `bus` is null and this node is
// alone. Closed last but for the Socket.IO server: the live debates release their leases
// and the ballots are flushed before Redis goes.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { attachRedis, type RedisBus } from '../bus/redis.ts';
import { releaseOnClose } from './release.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** null on a single node (no REDIS_URL). */
    bus: RedisBus | null;
  }
}

export const redisBusPlugin = fp(
  async (app: FastifyInstance) => {
    const { redisUrl, redisPrefix, leaseTtlMs, nodeId } = app.config;
    if (!redisUrl) {
      app.decorate('bus', null);
      return;
    }
    const bus = await attachRedis(app.io, { url: redisUrl, prefix: redisPrefix, leaseTtlMs, nodeId }, app.log);
    app.decorate('bus', bus);
    releaseOnClose(app, 'redis-bus', () => bus.close());
  },
  { name: 'redis-bus', dependencies: ['config', 'socket-io'] },
);
