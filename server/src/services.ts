// Wires the application: database, event store, ballot writer, live-debate registry.
// Owned by app.ts, which decorates the Fastify instance with the result and closes it.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import { openDatabase, type Database } from './db/client.ts';
import { createEventStore, type EventStore } from './db/event-store.ts';
import { createWriterFence } from './db/writer-fence.ts';
import { createBallotWriter, countBallots, loadBallots, ballotsDigest, type BallotWriter } from './db/ballot-store.ts';
import { listDebates } from './db/debates-repo.ts';
import { DebateRegistry } from './live/registry.ts';
import type { BallotBox, Broadcaster } from './live/ports.ts';
import type { Ownership } from './bus/ownership.ts';
import type { RedisRpc } from './bus/rpc.ts';

export interface AppServices {
  config: Config;
  clock: Clock;
  database: Database;
  events: EventStore;
  ballots: BallotWriter;
  registry: DebateRegistry;
  /** Rebuild every live debate from its log (timers resume); returns how many. */
  resumeLiveDebates(): Promise<number>;
  close(): Promise<void>;
}

export async function openServices(opts: {
  config: Config;
  clock: Clock;
  logger: FastifyBaseLogger;
  broadcaster: Broadcaster;
  ownership?: Ownership;
  rpc?: RedisRpc;
}): Promise<AppServices> {
  const { config, clock, logger, broadcaster } = opts;
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
  });
  const events = createEventStore(database);
  const ballots = createBallotWriter(database);
  const ballotBox: BallotBox = {
    submit: (b) => ballots.submit(b),
    flush: () => ballots.flush(),
    count: (pollId) => countBallots(database, pollId),
    load: (pollId) => loadBallots(database, pollId),
    digest: (pollId) => ballotsDigest(database, pollId),
  };
  const registry = new DebateRegistry(
    {
      log: events,
      ballots: ballotBox,
      broadcaster,
      clock,
      logger,
      tallyIntervalMs: config.tallyIntervalMs,
      listeners: [],
    },
    {
      ...(opts.ownership ? { ownership: opts.ownership } : {}),
      ...(opts.rpc ? { rpc: opts.rpc } : {}),
      fence: createWriterFence(database, events),
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
  if (opts.ownership) {
    const listLive = async () => (await listDebates(database, { status: ['live'] })).map((d) => d.id);
    registry.startSweep(listLive, Math.min(500, Math.floor(config.leaseTtlMs / 3)));
  }
  let closed = false;
  return {
    config,
    clock,
    database,
    events,
    ballots,
    registry,
    resumeLiveDebates,
    async close() {
      if (closed) return;
      closed = true;
      await registry.close();
      await ballots.close();
      await database.close();
    },
  };
}
