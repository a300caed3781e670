// Redis wiring for multi-node deployments: the Socket.IO Redis streams adapter so that a
// broadcast from the node owning a debate reaches sockets connected to any node.
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';

export interface RedisBus {
  client: Redis;
  close(): Promise<void>;
}

export async function attachRedis(io: Server, url: string, logger: FastifyBaseLogger): Promise<RedisBus> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  client.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  await client.connect();
  io.adapter(createAdapter(client, { streamName: 'tribune:socket.io' }));
  return {
    client,
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
