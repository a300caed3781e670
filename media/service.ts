// The media layer of a Tribune node: one worker pool, one media session (DebateMedia)
// per live debate, opened on the first media request and closed when the debate ends or
// at shutdown; the floor bridge fed with the core's committed events; the grace period
// of disconnected participants; and the program feed for the recorder.
import type { Clock } from '../server/src/clock.ts';
import { AppError } from '../server/src/errors.ts';
import type { MediaProgram } from '../server/src/protocol/media.ts';
import type { MediaConfig } from './config.ts';
import { DebateMedia } from './debate-media.ts';
import { FloorBridge } from './floor-bridge.ts';
import { stderrLogger, type MediaLogger } from './logger.ts';
import type { DebateSource, MediaNotifier } from './ports.ts';
import { Presence } from './presence.ts';
import { WorkerPool } from './worker-pool.ts';

export interface MediaServiceOptions {
  config: MediaConfig;
  source: DebateSource;
  notifier: MediaNotifier;
  clock: Clock;
  logger?: MediaLogger;
}

/** null: the debate's media session closed (debate ended or shutdown). */
export type ProgramListener = (debateId: string, program: MediaProgram | null) => void;

export class MediaService {
  readonly pool: WorkerPool;
  readonly #o: MediaServiceOptions;
  readonly #log: MediaLogger;
  readonly #sessions = new Map<string, DebateMedia>();
  readonly #opening = new Map<string, Promise<DebateMedia>>();
  readonly #programListeners = new Set<ProgramListener>();
  readonly #bridge: FloorBridge;
  readonly #presence: Presence;
  #closed = false;

  private constructor(o: MediaServiceOptions, pool: WorkerPool) {
    this.#o = o;
    this.#log = o.logger ?? stderrLogger;
    this.pool = pool;
    this.#bridge = new FloorBridge({
      source: o.source,
      clock: o.clock,
      log: this.#log,
      session: (id) => this.session(id),
      onDebateEnded: (id) => this.#end(id, 'debate ended'),
    });
    this.#presence = new Presence(o.config.participantGraceMs, (debateId, participantId) => {
      this.session(debateId)?.removeParticipant(participantId);
    });
  }

  /** Starts the workers (rejects, naming the build script, when the binary is missing). */
  static async create(o: MediaServiceOptions): Promise<MediaService> {
    const pool = await WorkerPool.create(o.config, o.logger);
    const service = new MediaService(o, pool);
    o.source.onEvent((e) => service.#bridge.handle(e));
    return service;
  }

  get config(): MediaConfig {
    return this.#o.config;
  }

  /** The debate's media session, opened on first use; DEBATE_NOT_LIVE unless it is live. */
  async room(debateId: string): Promise<DebateMedia> {
    if (this.#closed) throw new AppError('UNAVAILABLE', 'media is shutting down');
    const open = this.session(debateId);
    if (open) return open;
    let pending = this.#opening.get(debateId);
    if (!pending) {
      pending = this.#open(debateId).finally(() => this.#opening.delete(debateId));
      this.#opening.set(debateId, pending);
    }
    return pending;
  }

  /** The open session of a debate, without opening one. */
  session(debateId: string): DebateMedia | null {
    const dm = this.#sessions.get(debateId);
    return dm && !dm.closed ? dm : null;
  }

  /** Open media sessions (read-only, for metrics). */
  get sessionCount(): number {
    return [...this.#sessions.values()].filter((dm) => !dm.closed).length;
  }

  /** Consumers across the open sessions (read-only, for metrics). */
  get consumerCount(): number {
    let n = 0;
    for (const dm of this.#sessions.values()) if (!dm.closed) n += dm.room.consumerCount;
    return n;
  }

  /** What is on air in a debate (null when its media session is not open). */
  programOf(debateId: string): MediaProgram | null {
    return this.session(debateId)?.program ?? null;
  }

  onProgramChange(listener: ProgramListener): () => void {
    this.#programListeners.add(listener);
    return () => this.#programListeners.delete(listener);
  }

  /** A socket of this participant connected (cancels a pending removal). */
  connected(debateId: string, participantId: string): void {
    this.#presence.connected(debateId, participantId);
  }

  /** A socket left; after the grace period without another, the participant's media goes. */
  disconnected(debateId: string, participantId: string): void {
    if (!this.#closed) this.#presence.disconnected(debateId, participantId);
  }

  /** Closes every session and the workers. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#bridge.close();
    this.#presence.close();
    await Promise.allSettled([...this.#opening.values()]);
    for (const id of [...this.#sessions.keys()]) this.#end(id, 'shutdown');
    this.#programListeners.clear();
    this.pool.close();
  }

  async #open(debateId: string): Promise<DebateMedia> {
    const live = async () => {
      const { state } = await this.#o.source.get(debateId);
      if (state.status !== 'live') throw new AppError('DEBATE_NOT_LIVE', 'media is available only while the debate is live');
      return state;
    };
    await live();
    const dm = await DebateMedia.open({
      debateId,
      pool: this.pool,
      config: this.#o.config,
      source: this.#o.source,
      notifier: this.#o.notifier,
      clock: this.#o.clock,
      log: this.#log,
      onProgram: (program) => this.#programChanged(debateId, program),
    });
    try {
      if (this.#closed) throw new AppError('UNAVAILABLE', 'media is shutting down');
      // The debate may have ended while the router was being created.
      const state = await live();
      this.#sessions.set(debateId, dm);
      this.#bridge.sync(dm, state);
      this.#log.info({ debateId }, 'media session opened');
      return dm;
    } catch (err) {
      dm.close('not opened');
      throw err;
    }
  }

  #end(debateId: string, reason: string): void {
    const dm = this.#sessions.get(debateId);
    if (!dm) return;
    this.#sessions.delete(debateId);
    dm.close(reason);
    this.#programChanged(debateId, null);
  }

  #programChanged(debateId: string, program: MediaProgram | null): void {
    for (const listener of [...this.#programListeners]) {
      try {
        listener(debateId, program);
      } catch (err) {
        this.#log.error({ debateId, err: (err as Error).message }, 'program listener threw');
      }
    }
  }
}
