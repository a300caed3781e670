// Recording into the archive on this node: one RecordingSession per debate whose media
// session is open, fed by the media manager's program changes; the moderator's
// media:recording command; the state consoles see; the files a stopped server left open
// when a debate ends; and the shutdown that stops every file cleanly (trailer written,
// row complete, `recording:stopped` in the timeline) before the media workers go. By
// default a live debate is recorded as soon as its program feed has media (see
// policy.ts); the moderator can turn that off and on. Rows and timeline entries go
// through the ports of ports.ts.
import type { types } from 'mediasoup';
import type { Clock } from '../../server/src/clock.ts';
import { AppError } from '../../server/src/errors.ts';
import { MEDIA_PUSHES, type MediaProgram, type MediaRecordingState } from '../../server/src/protocol/media.ts';
import type { MediaLogger } from '../logger.ts';
import type { MediaNotifier } from '../ports.ts';
import type { RecordingFeed } from './feed.ts';
import type { RecordingTimings } from './policy.ts';
import type { RecordingStore, RecordingTimeline, TimelineActor } from './ports.ts';
import { startRecording, type Recorder } from './recorder.ts';
import { recoverRecordings } from './recovery.ts';
import { RecordingSession, type SessionMedia } from './recording-session.ts';

/** What recording needs of the media manager (MediaManager satisfies it). */
export interface RecordingMediaSource {
  session(debateId: string): SessionMedia | null;
  onProgramChange(listener: (debateId: string, program: MediaProgram | null) => void): () => void;
}

export interface RecordingManagerOptions extends Partial<RecordingTimings> {
  media: RecordingMediaSource;
  timeline: RecordingTimeline;
  store: RecordingStore;
  notifier: MediaNotifier;
  dataDir: string;
  clock: Clock;
  logger: MediaLogger;
  /** Until FFmpeg writes a started file (a keyframe must arrive); 15 s by default. */
  startTimeoutMs?: number;
  /** Until packets are seen on the feed, before any row or FFmpeg; 5 s by default. */
  mediaTimeoutMs?: number;
  /** How long a media:recording ack waits for the file to start; the push tells the rest. */
  ackWaitMs?: number;
}

const DEFAULT_TIMINGS: RecordingTimings = { kindWaitMs: 1500, retryBaseMs: 2000, retryMaxMs: 60_000, healthyMs: 30_000 };

export class RecordingManager {
  readonly #o: RecordingManagerOptions;
  readonly #sessions = new Map<string, RecordingSession>();
  readonly #unsubscribe: () => void;
  /** Recoveries of ended debates still running (close() waits for them). */
  readonly #recovering = new Set<Promise<void>>();
  #closed = false;

  constructor(o: RecordingManagerOptions) {
    this.#o = o;
    this.#unsubscribe = o.media.onProgramChange((debateId, program) => {
      if (this.#closed) return;
      // null: the debate's media session closed (the debate ended; shutdown is close()).
      if (program === null) void this.#end(debateId, 'debate_ended');
      else this.#session(debateId).update();
    });
  }

  /**
   * The debate ended (the composition root calls it after the media manager has heard it).
   * Without a recording session here it may still have files a stopped server left open
   * (crash, restart, nobody published again): they are closed now.
   */
  debateEnded(debateId: string): void {
    if (this.#closed || this.#sessions.has(debateId)) return;
    const done = this.#recoverOnly(debateId).finally(() => this.#recovering.delete(done));
    this.#recovering.add(done);
  }

  /** What consoles see (media:capabilities); reads the log the first time. */
  async state(debateId: string): Promise<MediaRecordingState> {
    const s = this.#session(debateId);
    await s.ready;
    return s.state();
  }

  /** Recording files being written now, across debates (read-only, for metrics). */
  get activeCount(): number {
    let n = 0;
    for (const s of this.#sessions.values()) if (s.state().recording) n += 1;
    return n;
  }

  /** media:recording: the caller has checked the role and opened the media session. */
  async command(debateId: string, action: 'start' | 'stop', by: TimelineActor): Promise<MediaRecordingState> {
    if (this.#closed) throw new AppError('UNAVAILABLE', 'media is shutting down');
    const s = this.#session(debateId);
    const done = s.setWanted(action === 'start', by);
    // Starting waits for a keyframe (FFmpeg cannot write before): past the ack's patience
    // the console learns the outcome from the media:recording push.
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.#o.ackWaitMs ?? 8000)));
    try {
      return (await Promise.race([done, patience])) ?? s.state();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every recording cleanly, media still flowing. Call before closing the media manager. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    await Promise.all([...this.#sessions.keys()].map((id) => this.#end(id, 'shutdown')));
    await Promise.all(this.#recovering);
  }

  #session(debateId: string): RecordingSession {
    if (this.#closed) throw new AppError('UNAVAILABLE', 'media is shutting down');
    let s = this.#sessions.get(debateId);
    if (!s) {
      s = this.#create(debateId);
      this.#sessions.set(debateId, s);
    }
    return s;
  }

  #create(debateId: string): RecordingSession {
    const o = this.#o;
    const log = o.logger;
    const timings = { ...DEFAULT_TIMINGS, ...definedTimings(o) };
    return new RecordingSession({
      ...timings,
      debateId,
      clock: o.clock,
      log,
      media: () => o.media.session(debateId),
      start: (router: types.Router, producers: RecordingFeed, signal: AbortSignal): Promise<Recorder> =>
        startRecording({
          debateId,
          router,
          producers,
          dataDir: o.dataDir,
          store: o.store,
          clock: o.clock,
          logger: log,
          signal,
          mediaTimeoutMs: o.mediaTimeoutMs ?? 5000,
          ...(o.startTimeoutMs ? { startTimeoutMs: o.startTimeoutMs } : {}),
        }),
      append: (entry, by) => o.timeline.append(debateId, entry, by),
      push: (state) => o.notifier.toDebate(debateId, MEDIA_PUSHES.recording, state),
      recover: () => this.#recover(debateId),
    });
  }

  async #recover(debateId: string): Promise<{ wanted: boolean }> {
    const ours = new Set([...this.#sessions.values()].map((s) => s.recordingId).filter((id): id is string => id !== null));
    const found = await recoverRecordings({
      debateId,
      entries: await this.#o.timeline.entries(debateId),
      store: this.#o.store,
      dataDir: this.#o.dataDir,
      clock: this.#o.clock,
      log: this.#o.logger,
      ours,
    });
    for (const entry of found.drafts) await this.#o.timeline.append(debateId, entry);
    return { wanted: found.wanted };
  }

  async #recoverOnly(debateId: string): Promise<void> {
    try {
      await this.#recover(debateId);
    } catch (err) {
      this.#o.logger.error({ debateId, err: (err as Error).message }, 'recording: cannot close the files left open');
    }
  }

  async #end(debateId: string, reason: 'debate_ended' | 'shutdown'): Promise<void> {
    const s = this.#sessions.get(debateId);
    if (!s) return;
    await s.close(reason);
    if (this.#sessions.get(debateId) === s) this.#sessions.delete(debateId);
  }
}

function definedTimings(o: Partial<RecordingTimings>): Partial<RecordingTimings> {
  const out: Partial<RecordingTimings> = {};
  for (const k of ['kindWaitMs', 'retryBaseMs', 'retryMaxMs', 'healthyMs'] as const) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
