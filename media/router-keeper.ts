// Keeps one live router for a mediasoup room. When the router's worker dies, mediasoup
// closes the router (and every transport on it); the keeper creates a new router on a
// live worker, or waits for the pool to replace the dead one, then calls onRebuilt so
// the room can tell its clients to reconnect.
import type { types } from 'mediasoup';
import { ROUTER_MEDIA_CODECS } from './codecs.ts';
import type { MediaLogger } from './logger.ts';
import type { WorkerPool } from './worker-pool.ts';

const RETRY_MS = 500;

export class RouterKeeper {
  readonly #pool: WorkerPool;
  readonly #log: MediaLogger;
  readonly #label: object;
  readonly #onRebuilt: () => void;
  #router: types.Router | null = null;
  #stopWaiting: (() => void) | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(pool: WorkerPool, log: MediaLogger, label: object, onRebuilt: () => void) {
    this.#pool = pool;
    this.#log = log;
    this.#label = label;
    this.#onRebuilt = onRebuilt;
  }

  /** `label` goes into every log line (e.g. { debateId }). */
  static async create(pool: WorkerPool, log: MediaLogger, label: object, onRebuilt: () => void): Promise<RouterKeeper> {
    const keeper = new RouterKeeper(pool, log, label, onRebuilt);
    keeper.#attach(await pool.pickWorker().createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }));
    return keeper;
  }

  /** Null while a rebuild is in progress. */
  get router(): types.Router | null {
    return this.#router;
  }

  /** Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopWaiting?.();
    this.#stopWaiting = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#router?.close();
    this.#router = null;
  }

  #attach(router: types.Router): void {
    this.#router = router;
    router.on('workerclose', () => {
      if (this.#closed || this.#router !== router) return;
      this.#router = null;
      this.#log.warn({ ...this.#label, routerId: router.id }, 'media router lost with its worker; rebuilding');
      void this.#rebuild();
    });
  }

  async #rebuild(): Promise<void> {
    if (this.#closed) return;
    let worker: types.Worker;
    try {
      worker = this.#pool.pickWorker();
    } catch (err) {
      this.#log.warn({ ...this.#label, err: (err as Error).message }, 'no live media worker yet; waiting for its replacement');
      this.#stopWaiting = this.#pool.onWorkerReplaced(() => {
        this.#stopWaiting?.();
        this.#stopWaiting = null;
        void this.#rebuild();
      });
      return;
    }
    try {
      const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
      if (this.#closed) {
        router.close();
        return;
      }
      this.#attach(router);
      this.#log.warn({ ...this.#label, routerId: router.id, pid: worker.pid }, 'media router rebuilt');
      this.#onRebuilt();
    } catch (err) {
      this.#log.error({ ...this.#label, err: (err as Error).message }, 'media router rebuild failed; retrying');
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        void this.#rebuild();
      }, RETRY_MS);
      this.#retryTimer.unref();
    }
  }
}
