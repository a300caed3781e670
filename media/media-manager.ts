// The media layer of one Tribune node: the worker pool, one media session
// (DebateMediaSession) per live debate, opened on the first media request and closed when
// the debate ends or at shutdown; the floor bridge fed with the floor signals; the grace
// period of disconnected participants; and the program feed for the recorder. What it
// knows of debates comes through its ports (ports.ts), wired by the composition root.
import type { Clock } from '../server/src/clock.ts';
import { AppError } from '../server/src/errors.ts';
import type { MediaProgram } from '../server/src/protocol/media.ts';
import type { MediaConfig } from './config.ts';
import { DebateMediaSession } from './debate-media-session.ts';
import { FloorBridge } from './floor-bridge.ts';
import { stderrLogger, type MediaLogger } from './logger.ts';
import type { DebateFloor, FloorSignal, FloorSource, MediaNotifier } from './ports.ts';
import { Presence } from './presence.ts';
import type { Timers } from './timers.ts';
import { WorkerPool } from './worker-pool.ts';

export interface MediaManagerOptions {
  config: MediaConfig;
  floors: FloorSource;
  notifier: MediaNotifier;
  clock: Clock;
  logger?: MediaLogger;
  timers?: Timers;
}

/** null: the debate's media session closed (debate ended or shutdown). */
export type ProgramListener = (debateId: string, program: MediaProgram | null) => void;

/** A floor change racing the read of the floor is read again, at most this often. */
const FLOOR_READS = 5;

export class MediaManager {
  readonly pool: WorkerPool;
  readonly #o: MediaManagerOptions;
  readonly #log: MediaLogger;
  readonly #sessions = new Map<string, DebateMediaSession>();
  readonly #opening = new Map<string, Promise<DebateMediaSession>>();
  readonly #programListeners = new Set<ProgramListener>();
  readonly #bridge: FloorBridge;
  readonly #presence: Presence;
  #closed = false;

  private constructor(o: MediaManagerOptions, pool: WorkerPool) {
    this.#o = o;
    this.#log = o.logger ?? stderrLogger;
    this.pool = pool;
    this.#bridge = new FloorBridge({
      clock: o.clock,
      ...(o.timers ? { timers: o.timers } : {}),
      session: (id) => this.session(id),
      onDebateEnded: (id) => this.#end(id, 'debate ended'),
    });
    this.#presence = new Presence({
      graceMs: o.config.participantGraceMs,
      ...(o.timers ? { timers: o.timers } : {}),
      onGone: (debateId, participantId) => this.session(debateId)?.removeParticipant(participantId),
    });
  }

  /** Starts the workers (rejects, naming the build script, when the binary is missing). */
  static async create(o: MediaManagerOptions): Promise<MediaManager> {
    return new MediaManager(o, await WorkerPool.create(o.config, o.logger));
  }

  get config(): MediaConfig {
    return this.#o.config;
  }

  /** A committed floor change (synchronous, in commit order; the composition root calls it). */
  handleFloorSignal(signal: FloorSignal): void {
    this.#bridge.handle(signal);
  }

  /** The debate's media session, opened on first use; DEBATE_NOT_LIVE unless it is live. */
  async openSession(debateId: string): Promise<DebateMediaSession> {
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
  session(debateId: string): DebateMediaSession | null {
    const session = this.#sessions.get(debateId);
    return session && !session.closed ? session : null;
  }

  /** Open media sessions (read-only, for metrics). */
  get sessionCount(): number {
    return [...this.#sessions.values()].filter((dm) => !dm.closed).length;
  }

  /** Consumers across the open sessions (read-only, for metrics). */
  get consumerCount(): number {
    let n = 0;
    for (const dm of this.#sessions.values()) if (!dm.closed) n += dm.mediasoupRoom.consumerCount;
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

  async #open(debateId: string): Promise<DebateMediaSession> {
    await this.#live(debateId);
    const session = await DebateMediaSession.open({
      debateId,
      pool: this.pool,
      config: this.#o.config,
      floors: this.#o.floors,
      notifier: this.#o.notifier,
      clock: this.#o.clock,
      log: this.#log,
      onProgram: (program) => this.#programChanged(debateId, program),
    });
    try {
      // The debate may have ended, or its floor changed, while the router was being
      // created: the floor applied is one no signal has overtaken since it was read.
      for (let read = 1; ; read += 1) {
        const generation = this.#bridge.generation(debateId);
        const { floor } = await this.#live(debateId);
        if (this.#closed) throw new AppError('UNAVAILABLE', 'media is shutting down');
        if (this.#bridge.generation(debateId) !== generation && read < FLOOR_READS) continue;
        this.#sessions.set(debateId, session);
        this.#bridge.sync(session, floor);
        this.#log.info({ debateId }, 'media session opened');
        return session;
      }
    } catch (err) {
      session.close('not opened');
      throw err;
    }
  }

  async #live(debateId: string): Promise<DebateFloor> {
    const debate = await this.#o.floors.current(debateId);
    if (!debate.live) throw new AppError('DEBATE_NOT_LIVE', 'media is available only while the debate is live');
    return debate;
  }

  #end(debateId: string, reason: string): void {
    const session = this.#sessions.get(debateId);
    if (!session) return;
    this.#sessions.delete(debateId);
    session.close(reason);
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
