// Redis wiring for multi-node deployments: the Socket.IO Redis streams adapter (a
// broadcast from the node owning a debate reaches sockets on every node), ownership
// leases of live debates, and node-to-node forwarding of commands to the owner.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import { RedisOwnership } from './ownership.ts';
import { RedisRpc } from './rpc.ts';

export interface RedisBus {
  client: Redis;
  ownership: RedisOwnership;
  rpc: RedisRpc;
  close(): Promise<void>;
}

export async function attachRedis(
  io: Server,
  opts: { url: string; prefix: string; leaseTtlMs: number; nodeId?: string | null },
  logger: FastifyBaseLogger,
): Promise<RedisBus> {
  const client = new Redis(opts.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  client.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  await client.connect();
  io.adapter(createAdapter(client, { streamName: `${opts.prefix}:socket.io` }));
  const nodeId = opts.nodeId ?? randomBytes(6).toString('hex');
  const ownership = new RedisOwnership(client, nodeId, opts.prefix, opts.leaseTtlMs);
  const rpc = await RedisRpc.start(client, opts.prefix, nodeId);
  logger.info({ nodeId }, 'multi-node mode: Redis adapter, ownership leases, command forwarding');
  return {
    client,
    ownership,
    rpc,
    async close() {
      await rpc.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
