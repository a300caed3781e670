// What Tribune tells Prometheus (`GET /metrics`): one registry per app instance for the
// application's own metrics, plus the process default metrics (CPU, memory, event loop,
// GC). Counters and histograms are fed by the resources that see the events (the ballot
// writer's batches, the gateway's dispatch); gauges read their source at scrape time.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the media layer reports about itself on this node (satisfied by media/). */
export interface MediaStats {
  /** Live mediasoup worker processes. */
  workers(): number;
  /** Open media sessions (one per live debate with media). */
  sessions(): number;
  /** Consumers across every session (one per viewer and track). */
  consumers(): number;
  /** Recording files being written now. */
  recordings(): number;
}

let processRegistry: Registry | null = null;

/**
 * The default metrics describe the process, and collecting them installs process-wide
 * observers (event-loop delay, GC): once per process, however many apps run in it (the
 * tests start several, the multi-node test two at once).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const BATCH_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class AppMetrics {
  readonly registry = new Registry();
  readonly #ballots = new Counter({
    name: 'tribune_ballots_total',
    help: 'Ballots settled by the ballot writer on this node, by outcome (written, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly #batches = new Histogram({
    name: 'tribune_ballot_batch_size',
    help: 'Ballots per group-commit batch of the ballot writer',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });
  readonly #commands = new Histogram({
    name: 'tribune_command_duration_seconds',
    help: 'Socket command latency, from receipt to acknowledgement, by event and outcome (ok, error)',
    labelNames: ['event', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** One batch of the ballot writer, written or failed as a whole. */
  ballotBatch(size: number, ok: boolean): void {
    this.#batches.observe(size);
    this.#ballots.inc({ outcome: ok ? 'written' : 'failed' }, size);
  }

  /** One client event through the gateway (event names come from its table only). */
  command(event: string, seconds: number, ok: boolean): void {
    this.#commands.observe({ event, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  watchSockets(read: () => number): void {
    this.#gauge('tribune_sockets_connected', 'Authenticated Socket.IO connections on this node', read);
  }

  watchLiveDebates(read: () => number): void {
    this.#gauge('tribune_live_debates', 'Live debates loaded (owned) on this node', read);
  }

  /** Only when media is enabled: without it, these series do not exist (rather than read 0). */
  watchMedia(stats: MediaStats): void {
    this.#gauge('tribune_media_workers', 'Live mediasoup workers on this node', () => stats.workers());
    this.#gauge('tribune_media_sessions', 'Open media sessions on this node', () => stats.sessions());
    this.#gauge('tribune_media_consumers', "Participants' media consumers on this node", () => stats.consumers());
    this.#gauge('tribune_media_recordings_active', 'Recording files being written on this node', () => stats.recordings());
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of this app and of the process. */
  text(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }

  #gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}
