// The live debates of this node (live/registry.ts), wired to storage, to the Socket.IO
// fan-out and, with Redis, to ownership leases and forwarding. With several nodes, a
// sweep adopts the live debates that have no owner, so their timers keep running.
// Closing lets every debate finish its queued commands and flush its ballots, before
// storage and Redis close (their plugins were registered earlier, so close later).
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { listDebates } from '../db/debates-repo.ts';
import type { EventStore } from '../db/event-store.ts';
import { createWriterFence } from '../db/writer-fence.ts';
import type { BallotBox } from '../live/ports.ts';
import { DebateRegistry } from '../live/registry.ts';
import { SocketBroadcaster, socketPresence } from '../realtime/broadcaster.ts';
import { releaseOnClose } from './release.ts';

/** The handles tests and scripts reach for, in one object. */
export interface AppServices {
  config: Config;
  clock: Clock;
  database: Database;
  events: EventStore;
  ballots: BallotBox;
  registry: DebateRegistry;
  /** Rebuild every live debate from its log (timers resume); returns how many. */
  resumeLiveDebates(): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    registry: DebateRegistry;
    services: AppServices;
  }
}

export const liveDebatesPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, clock, database, bus } = app;
    const registry = new DebateRegistry(
      {
        log: app.eventStore,
        ballots: app.ballotBox,
        broadcaster: new SocketBroadcaster(app.io),
        clock,
        logger: app.log,
        tallyIntervalMs: config.tallyIntervalMs,
        listeners: [],
        presence: socketPresence(app.io),
        presenceGraceMs: config.presenceGraceMs,
        // A node that dies is gone from the heartbeats within LEASE_TTL_MS; its people are
        // found away within that plus this sweep (live/whereabouts.ts).
        ...(bus ? { nodes: bus.heartbeat, presenceSweepMs: Math.max(250, Math.floor(config.leaseTtlMs / 2)) } : {}),
      },
      {
        ...(bus ? { ownership: bus.ownership, rpc: bus.rpc } : {}),
        fence: createWriterFence(database, app.eventStore),
        failoverMs: config.leaseTtlMs + 5000,
      },
    );
    const resumeLiveDebates = async () => {
      const live = await listDebates(database, { status: ['live'] });
      await registry.resume(live.map((d) => d.id));
      return live.length;
    };
    // Several nodes: adopt live debates that have no owner (a vanished owner's lease ran
    // out), so their timers keep running; often enough to replace it within TTL + 1 s.
    if (bus) {
      const listLive = async () => (await listDebates(database, { status: ['live'] })).map((d) => d.id);
      registry.startSweep(listLive, Math.min(500, Math.floor(config.leaseTtlMs / 3)));
    }
    releaseOnClose(app, 'live-debates', () => registry.close());
    app.metrics.watchLiveDebates(() => registry.loadedCount());
    app.decorate('registry', registry);
    app.decorate('services', {
      config,
      clock,
      database,
      events: app.eventStore,
      ballots: app.ballotBox,
      registry,
      resumeLiveDebates,
    });
  },
  { name: 'live-debates', dependencies: ['config', 'metrics', 'socket-io', 'redis-bus', 'database', 'storage'] },
);
