// Redis wiring for multi-node deployments: the Socket.IO Redis streams adapter (a
// broadcast from the node owning a debate reaches sockets on every node), ownership
// leases of live debates, and node-to-node forwarding of commands to the owner.
//
// Two connections with different rules. Commands (leases, forwarding) fail fast while
// Redis is away: no offline queue, one retry, a command timeout, so a caller gets
// UNAVAILABLE at once instead of hanging, and an owner keeps serving the debates it holds
// (their leases stay valid for their TTL). The adapter's connection queues while Redis is
// away and replays after, so no broadcast is dropped by a short outage (its blocking
// XREAD would also trip a command timeout, and without a queue it would spin).
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import { RedisOwnership, redisLeaseStore } from './ownership.ts';
import { RedisNodeHeartbeat } from './node-heartbeat.ts';
import { RedisRpc } from './rpc.ts';

export interface RedisBus {
  client: Redis;
  ownership: RedisOwnership;
  rpc: RedisRpc;
  /** This node's heartbeat, and which nodes are alive (presence after a node dies). */
  heartbeat: RedisNodeHeartbeat;
  close(): Promise<void>;
}

/** Reconnect quickly and steadily: a restarted Redis is used again within 0.5 s. */
const retryStrategy = (times: number) => Math.min(50 * times, 500);

export const COMMAND_OPTIONS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 1000,
  connectTimeout: 2000,
  retryStrategy,
};

const ADAPTER_OPTIONS: RedisOptions = {
  lazyConnect: true,
  // Queued commands wait through ~100 reconnection attempts (about 50 s at 500 ms).
  maxRetriesPerRequest: 100,
  connectTimeout: 2000,
  retryStrategy,
};

export async function attachRedis(
  io: Server,
  opts: { url: string; prefix: string; leaseTtlMs: number; nodeId?: string | null },
  logger: FastifyBaseLogger,
): Promise<RedisBus> {
  const client = new Redis(opts.url, COMMAND_OPTIONS);
  const adapterClient = new Redis(opts.url, ADAPTER_OPTIONS);
  let away = false;
  client.on('error', (err) => {
    if (!away) logger.warn({ err: err.message }, 'redis error');
    away = true;
  });
  client.on('ready', () => {
    if (away) logger.warn('redis is back');
    away = false;
  });
  adapterClient.on('error', () => undefined); // reported once through `client`
  await Promise.all([client.connect(), adapterClient.connect()]);
  io.adapter(createAdapter(adapterClient, { streamName: `${opts.prefix}:socket.io` }));
  const nodeId = opts.nodeId ?? randomBytes(6).toString('hex');
  const ownership = new RedisOwnership(redisLeaseStore(client), nodeId, opts.prefix, opts.leaseTtlMs, {
    onRenewError: (err, debateId) => logger.debug({ err, debateId }, 'lease renewal failed; the lease holds until it expires'),
  });
  const rpc = await RedisRpc.start(client, opts.prefix, nodeId, { logger });
  const heartbeat = new RedisNodeHeartbeat(client, opts.prefix, nodeId, opts.leaseTtlMs);
  await heartbeat.start();
  logger.info({ nodeId }, 'multi-node mode: Redis adapter, ownership leases, command forwarding');
  return {
    client,
    ownership,
    rpc,
    heartbeat,
    async close() {
      await heartbeat.close();
      await rpc.close();
      await client.quit().catch(() => client.disconnect());
      await adapterClient.quit().catch(() => adapterClient.disconnect());
    },
  };
}
