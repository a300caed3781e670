// Large audiences: once a room's router carries maxConsumersPerRouter, new viewers are
// served from edge routers on other workers, fed from the origin router with
// pipeToRouter. Publishers and plain transports (recording, encoders) stay on the origin.
//
// Placement happens when a viewer opens a receive transport, because a transport cannot
// move between routers. A router's load is its consumers plus one per receive transport
// that has none yet, so an audience that joins before anyone publishes still spreads.
// A viewer once placed keeps consuming there, new publications included: the limit is
// a placement threshold, and a router may exceed it by what its viewers consume later.
import type { types } from 'mediasoup';
import { ROUTER_MEDIA_CODECS } from './codecs.ts';
import { toMediaError } from './errors.ts';
import type { MediaLogger } from './logger.ts';
import type { WorkerPool } from './worker-pool.ts';
import { AppError } from '../server/src/errors.ts';

interface Load {
  router: types.Router;
  consumers: number;
  /** Receive transports placed here that have no consumer yet. */
  idleViewers: number;
  /** Placements handed out whose transport is still being created. */
  reserved: number;
  /** Edges only: origin producer id -> its pipe into this router. */
  pipes: Map<string, Promise<void>>;
  /** Who holds a receive transport here, by transport id (kept when the router dies). */
  holders: Map<string, string>;
}

interface Viewer {
  load: Load;
  consumers: number;
  closed: boolean;
}

export interface Placement {
  router: types.Router;
  /** The transport was created (registered with `viewerOpened`) or failed: free the slot. */
  release(): void;
}

export interface RouterLoadInfo {
  routerId: string;
  origin: boolean;
  workerPid: number | null;
  consumers: number;
  viewers: number;
}

const newLoad = (router: types.Router): Load => ({
  router, consumers: 0, idleViewers: 0, reserved: 0, pipes: new Map(), holders: new Map(),
});
const weight = (l: Load) => l.consumers + l.idleViewers + l.reserved;

export class ConsumerFanout {
  readonly #pool: WorkerPool;
  readonly #max: number;
  readonly #log: MediaLogger;
  readonly #label: object;
  readonly #onEdgeLost: (participantIds: string[]) => void;
  readonly #viewers = new Map<string, Viewer>();
  #origin: Load | null = null;
  #edges: Load[] = [];
  #creating: Promise<Load> | null = null;
  #closed = false;

  /** onEdgeLost: an edge's worker died; these participants' receive transports are gone. */
  constructor(o: {
    pool: WorkerPool;
    maxConsumersPerRouter: number;
    log: MediaLogger;
    label: object;
    onEdgeLost: (participantIds: string[]) => void;
  }) {
    this.#pool = o.pool;
    this.#max = o.maxConsumersPerRouter;
    this.#log = o.log;
    this.#label = o.label;
    this.#onEdgeLost = o.onEdgeLost;
  }

  /** A new origin router (room created, or rebuilt after its worker died): edges start over. */
  attachOrigin(router: types.Router): void {
    this.#closeEdges();
    this.#origin = newLoad(router);
  }

  /** Where the next viewer's receive transport goes; its slot is reserved until release(). */
  async place(): Promise<Placement> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const origin = this.#origin;
      if (this.#closed || !origin || origin.router.closed) throw new AppError('UNAVAILABLE', 'media router unavailable; retry');
      const target = [origin, ...this.#edges].find((l) => !l.router.closed && weight(l) < this.#max);
      if (target) return this.#reserve(target);
      this.#creating ??= this.#createEdge(origin).finally(() => {
        this.#creating = null;
      });
      const edge = await this.#creating;
      // Concurrent viewers may have filled the new edge already: look again.
      if (weight(edge) < this.#max) return this.#reserve(edge);
    }
    throw new AppError('TOO_MANY_CONSUMERS', 'no media router has room for another viewer; retry');
  }

  /** A receive transport was created on `router` (after place()). */
  viewerOpened(transport: types.Transport, router: types.Router, participantId: string): void {
    const load = this.#loadOf(router);
    if (!load) return;
    const viewer: Viewer = { load, consumers: 0, closed: false };
    load.idleViewers += 1;
    load.holders.set(transport.id, participantId);
    this.#viewers.set(transport.id, viewer);
    transport.observer.once('close', () => {
      viewer.closed = true;
      if (viewer.consumers === 0) load.idleViewers -= 1;
      this.#viewers.delete(transport.id);
      if (!router.closed) load.holders.delete(transport.id);
    });
  }

  /** Called before consuming on `router`: pipes the origin producer into an edge once. */
  async feed(router: types.Router, producerId: string): Promise<void> {
    const origin = this.#origin;
    if (!origin || router === origin.router) return;
    const edge = this.#edges.find((l) => l.router === router);
    if (!edge) throw new AppError('UNAVAILABLE', 'this receive transport lost its media router; wait for media:reset');
    let pipe = edge.pipes.get(producerId);
    if (!pipe) {
      pipe = origin.router.pipeToRouter({ producerId, router }).then(({ pipeProducer }) => {
        pipeProducer?.observer.once('close', () => edge.pipes.delete(producerId));
      });
      edge.pipes.set(producerId, pipe);
      pipe.catch(() => edge.pipes.delete(producerId));
    }
    try {
      await pipe;
    } catch (err) {
      throw toMediaError(err, 'CANNOT_CONSUME', `cannot bring producer ${producerId} to an edge router`);
    }
  }

  /** Counts a consumer against its router until it closes. */
  consumerOpened(transportId: string, router: types.Router, consumer: types.Consumer): void {
    const load = this.#loadOf(router);
    if (!load) return;
    const viewer = this.#viewers.get(transportId);
    load.consumers += 1;
    if (viewer) {
      if (viewer.consumers === 0) load.idleViewers -= 1;
      viewer.consumers += 1;
    }
    consumer.observer.once('close', () => {
      load.consumers -= 1;
      if (!viewer) return;
      viewer.consumers -= 1;
      if (viewer.consumers === 0 && !viewer.closed) load.idleViewers += 1;
    });
  }

  loads(): RouterLoadInfo[] {
    const info = (l: Load, origin: boolean): RouterLoadInfo => ({
      routerId: l.router.id,
      origin,
      workerPid: this.#pool.workerOf(l.router)?.pid ?? null,
      consumers: l.consumers,
      viewers: [...this.#viewers.values()].filter((v) => v.load === l).length,
    });
    return [...(this.#origin ? [info(this.#origin, true)] : []), ...this.#edges.map((l) => info(l, false))];
  }

  /** Safe to call twice. The origin router belongs to the room, not to this. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeEdges();
    this.#origin = null;
  }

  #reserve(load: Load): Placement {
    load.reserved += 1;
    let released = false;
    return {
      router: load.router,
      release: () => {
        if (!released) load.reserved -= 1;
        released = true;
      },
    };
  }

  #loadOf(router: types.Router): Load | undefined {
    return this.#origin?.router === router ? this.#origin : this.#edges.find((l) => l.router === router);
  }

  async #createEdge(origin: Load): Promise<Load> {
    const avoid = [origin, ...this.#edges].flatMap((l) => this.#pool.workerOf(l.router) ?? []);
    const worker = this.#pool.pickWorker(avoid);
    let router: types.Router;
    try {
      router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { edge: true } });
    } catch (err) {
      throw toMediaError(err, 'UNAVAILABLE', 'cannot open an edge media router');
    }
    if (this.#closed || this.#origin !== origin) {
      router.close();
      throw new AppError('UNAVAILABLE', 'media router changed while opening an edge router; retry');
    }
    const edge = newLoad(router);
    this.#edges.push(edge);
    router.on('workerclose', () => {
      this.#edges = this.#edges.filter((l) => l !== edge);
      this.#log.warn({ ...this.#label, routerId: router.id }, 'edge media router lost with its worker');
      if (!this.#closed) this.#onEdgeLost([...new Set(edge.holders.values())]);
    });
    this.#log.info({ ...this.#label, routerId: router.id, pid: worker.pid, edges: this.#edges.length }, 'edge media router opened');
    return edge;
  }

  #closeEdges(): void {
    for (const edge of this.#edges) edge.router.close();
    this.#edges = [];
  }
}
