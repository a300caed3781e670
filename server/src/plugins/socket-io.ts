// The Socket.IO server on Fastify's HTTP server. It is the first thing shutdown stops
// (preClose, while HTTP still drains): first whoever registered with `whenSocketsClose`
// (the gateway: stop accepting, let the commands in flight answer, ballots included),
// then this node's sockets are disconnected, so no realtime command reaches a debate that
// is about to close and no acknowledgement is lost. The gateway (its event table) is
// attached by gateway.ts once the live debates and the media layer exist.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
    /** Run `drain` at shutdown before the sockets are disconnected. */
    whenSocketsClose(drain: () => Promise<void>): void;
  }
}

export const socketIoPlugin = fp(
  async (app: FastifyInstance) => {
    const io = new Server(app.server, {
      maxHttpBufferSize: app.config.socketMaxPayload,
      serveClient: false,
      cors: { origin: true },
      pingInterval: 20_000,
      pingTimeout: 20_000,
    });
    app.decorate('io', io);
    const drains: (() => Promise<void>)[] = [];
    app.decorate('whenSocketsClose', (drain: () => Promise<void>) => void drains.push(drain));
    app.metrics.watchSockets(() => io.of('/').sockets.size);
    app.addHook('preClose', async () => {
      await Promise.allSettled(drains.map((d) => d()));
      // Only this node's sockets: with the Redis adapter a plain call would reach every node.
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      app.log.debug({ resource: 'socket-io' }, 'released');
    });
  },
  { name: 'socket-io', dependencies: ['config', 'metrics'] },
);
