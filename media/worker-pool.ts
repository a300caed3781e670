// The mediasoup worker processes: one per core, each with its own slice of the RTC port
// range. A worker that dies is logged and replaced in its slot (with retries and backoff
// if the replacement fails to start); subscribers are told so that the routers that
// lived on it can be rebuilt. Nothing here ever exits the process.
import type { types } from 'mediasoup';
import type { MediaConfig } from './config.ts';
import { stderrLogger, type MediaLogger } from './logger.ts';
import { loadMediasoup } from './mediasoup.ts';
import { AppError } from '../server/src/errors.ts';

export interface WorkerReplaced {
  slot: number;
  previousPid: number;
  worker: types.Worker;
  /** Why the previous worker went away. */
  cause: Error;
}
export type WorkerReplacedListener = (event: WorkerReplaced) => void;

interface Slot {
  index: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  worker: types.Worker | null;
  routers: number;
  retryTimer: NodeJS.Timeout | null;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

export class WorkerPool {
  readonly #config: MediaConfig;
  readonly #log: MediaLogger;
  readonly #slots: Slot[];
  readonly #listeners = new Set<WorkerReplacedListener>();
  readonly #hosts = new WeakMap<types.Router, types.Worker>();
  #closed = false;

  private constructor(config: MediaConfig, log: MediaLogger) {
    this.#config = config;
    this.#log = log;
    const span = Math.floor((config.rtcMaxPort - config.rtcMinPort + 1) / config.workers);
    this.#slots = Array.from({ length: config.workers }, (_, index) => ({
      index,
      rtcMinPort: config.rtcMinPort + index * span,
      rtcMaxPort: config.rtcMinPort + (index + 1) * span - 1,
      worker: null,
      routers: 0,
      retryTimer: null,
    }));
  }

  /** Starts every worker; rejects (and closes those started) if one cannot start. */
  static async create(config: MediaConfig, log: MediaLogger = stderrLogger): Promise<WorkerPool> {
    const pool = new WorkerPool(config, log);
    try {
      await Promise.all(pool.#slots.map((slot) => pool.#start(slot)));
    } catch (err) {
      pool.close();
      throw err;
    }
    log.info({ workers: config.workers }, 'mediasoup workers started');
    return pool;
  }

  get size(): number {
    return this.#slots.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Live workers, in slot order (a slot being replaced is absent). */
  workers(): types.Worker[] {
    return this.#slots.flatMap((s) => (s.worker && !s.worker.closed ? [s.worker] : []));
  }

  /**
   * The live worker hosting the fewest routers; workers in `avoid` only when no other is
   * live (edge routers of a large audience prefer a worker other than their origin's).
   */
  pickWorker(avoid: readonly types.Worker[] = []): types.Worker {
    if (this.#closed) throw new AppError('UNAVAILABLE', 'media worker pool is closed');
    let best: Slot | null = null;
    const rank = (s: Slot) => [avoid.includes(s.worker!) ? 1 : 0, s.routers] as const;
    for (const slot of this.#slots) {
      if (!slot.worker || slot.worker.closed) continue;
      if (!best) best = slot;
      const [a, r] = rank(slot);
      const [ba, br] = rank(best);
      if (a < ba || (a === ba && r < br)) best = slot;
    }
    if (!best?.worker) throw new AppError('UNAVAILABLE', 'no live media worker (replacement in progress)');
    return best.worker;
  }

  /** The worker a router of this pool lives on (null for a router from elsewhere). */
  workerOf(router: types.Router): types.Worker | null {
    return this.#hosts.get(router) ?? null;
  }

  /** Called after a dead worker's replacement is running. Returns an unsubscribe function. */
  onWorkerReplaced(listener: WorkerReplacedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes every worker (their routers close with them). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    for (const slot of this.#slots) {
      if (slot.retryTimer) clearTimeout(slot.retryTimer);
      slot.retryTimer = null;
      slot.worker?.close();
      slot.worker = null;
    }
  }

  async #start(slot: Slot): Promise<types.Worker> {
    const mediasoup = await loadMediasoup();
    const worker = await mediasoup.createWorker({
      logLevel: this.#config.logLevel,
      rtcMinPort: slot.rtcMinPort,
      rtcMaxPort: slot.rtcMaxPort,
      appData: { slot: slot.index },
    });
    if (this.#closed) {
      worker.close();
      throw new AppError('UNAVAILABLE', 'media worker pool closed while starting');
    }
    slot.worker = worker;
    slot.routers = 0;
    worker.observer.on('newrouter', (router: types.Router) => {
      this.#hosts.set(router, worker);
      slot.routers += 1;
      router.observer.once('close', () => {
        if (slot.worker === worker) slot.routers -= 1;
      });
    });
    worker.on('died', (cause: Error) => this.#onDied(slot, worker, cause));
    return worker;
  }

  #onDied(slot: Slot, worker: types.Worker, cause: Error): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    this.#log.error({ slot: slot.index, pid: worker.pid, err: cause.message }, 'mediasoup worker died; replacing it');
    if (!this.#closed) this.#replace(slot, worker.pid, cause, RETRY_MIN_MS);
  }

  #replace(slot: Slot, previousPid: number, cause: Error, nextDelayMs: number): void {
    this.#start(slot).then(
      (worker) => {
        this.#log.warn({ slot: slot.index, previousPid, pid: worker.pid }, 'mediasoup worker replaced');
        for (const listener of [...this.#listeners]) {
          try {
            listener({ slot: slot.index, previousPid, worker, cause });
          } catch (err) {
            this.#log.error({ err: (err as Error).message }, 'worker-replaced listener threw');
          }
        }
      },
      (err: unknown) => {
        if (this.#closed) return;
        this.#log.error(
          { slot: slot.index, err: (err as Error).message, retryInMs: nextDelayMs },
          'mediasoup worker replacement failed; retrying',
        );
        slot.retryTimer = setTimeout(() => {
          slot.retryTimer = null;
          if (!this.#closed) this.#replace(slot, previousPid, cause, Math.min(nextDelayMs * 2, RETRY_MAX_MS));
        }, nextDelayMs);
        slot.retryTimer.unref();
      },
    );
  }
}
