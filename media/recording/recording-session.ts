// One live debate's archive recording on this node. Every change (program switch, a
// producer paused or resumed, a file that ended by itself, a timer, a moderator's
// command) triggers a pass that applies policy.ts to the debate's media session; passes
// and commands run one at a time, so the timeline reads started → stopped for each file.
// The session appends the timeline entries through its owner (RecordingTimeline: durable,
// hash-chained), pushes its state to consoles, retries after failures with the backoff of
// policy.ts, and stops for good when the debate's media session closes or the server shuts
// down.
import type { types } from 'mediasoup';
import type { Clock } from '../../server/src/clock.ts';
import { AppError, isAppError } from '../../server/src/errors.ts';
import type { MediaProducerInfo, MediaProgram, MediaRecordingState } from '../../server/src/protocol/media.ts';
import type { MediasoupRoomListener } from '../mediasoup-room-types.ts';
import type { MediaLogger } from '../logger.ts';
import { recordingChoiceDraft, recordingStartedDraft, recordingStoppedDraft, type RecordingStopReason } from './events.ts';
import type { RecordingFeed } from './feed.ts';
import { afterFailure, backoffForFeed, decideRecording, diedYoung, NO_BACKOFF, programFeeds, type Backoff, type RecordingTimings } from './policy.ts';
import type { TimelineActor, TimelineEntry } from './ports.ts';
import type { Recorder, RecordingSummary } from './recorder.ts';

/** What a session reads of the debate's media session (DebateMediaSession satisfies it). */
export interface SessionMedia {
  readonly closed: boolean;
  readonly program: MediaProgram;
  readonly mediasoupRoom: {
    readonly router: types.Router | null;
    producers(): MediaProducerInfo[];
    onEvent(listener: MediasoupRoomListener): () => void;
  };
}

export interface RecordingSessionOptions extends RecordingTimings {
  debateId: string;
  clock: Clock;
  log: MediaLogger;
  /** The debate's open media session, or null. */
  media: () => SessionMedia | null;
  start: (router: types.Router, producers: RecordingFeed, signal: AbortSignal) => Promise<Recorder>;
  append: (entry: TimelineEntry, by?: TimelineActor) => Promise<void>;
  push: (state: MediaRecordingState) => void;
  /** Reads the log (the moderator's last choice) and closes what a stopped server left open. */
  recover: () => Promise<{ wanted: boolean }>;
}

export class RecordingSession {
  readonly ready: Promise<void>;
  readonly #o: RecordingSessionOptions;
  #wanted = true;
  #recorder: Recorder | null = null;
  #starting: AbortController | null = null;
  #liveSince: number | null = null;
  #backoff: Backoff = NO_BACKOFF;
  #timer: NodeJS.Timeout | null = null;
  #chain: Promise<unknown> = Promise.resolve();
  #queued = false;
  #closing: RecordingStopReason | null = null;
  #room: SessionMedia['mediasoupRoom'] | null = null;
  #unwatch: (() => void) | null = null;
  #pushed = '';

  constructor(o: RecordingSessionOptions) {
    this.#o = o;
    this.ready = this.#serial(async () => {
      try {
        this.#wanted = (await o.recover()).wanted;
      } catch (err) {
        o.log.error({ debateId: o.debateId, err: (err as Error).message }, 'recording: cannot read the log; recording by default');
      }
    });
  }

  /** The file this session is writing (or finishing), if any. */
  get recordingId(): string | null {
    return this.#recorder?.id ?? null;
  }

  state(): MediaRecordingState {
    const rec = this.#recorder?.status === 'recording' ? this.#recorder : null;
    return { wanted: this.#wanted, recording: rec !== null, ...(rec ? { recordingId: rec.id, startedAt: rec.startedAt } : {}) };
  }

  /** Something changed: look again (coalesced, after whatever is running). */
  update(): void {
    if (this.#queued) return;
    this.#queued = true;
    void this.#serial(async () => {
      this.#queued = false;
      await this.#pass();
    });
  }

  /** The moderator's command: durable (in the log) before it acts; resolves once it has. */
  setWanted(wanted: boolean, by: TimelineActor): Promise<MediaRecordingState> {
    if (!wanted) this.#starting?.abort();
    return this.#serial(async () => {
      if (this.#closing) throw new AppError('DEBATE_NOT_LIVE', 'the recording of this debate is closed');
      if (wanted !== this.#wanted) {
        await this.#o.append(recordingChoiceDraft(wanted), by);
        this.#wanted = wanted;
      }
      // Asking to record is also asking to retry now, whatever failed before.
      if (wanted) this.#resetBackoff();
      this.#push();
      await this.#pass();
      return this.state();
    });
  }

  /** Stops for good (the debate's media session closed, or shutdown). Safe to call twice; never rejects. */
  close(reason: RecordingStopReason): Promise<void> {
    this.#closing ??= reason;
    this.#starting?.abort();
    if (this.#timer) clearTimeout(this.#timer);
    this.#unwatch?.();
    this.#unwatch = null;
    return this.#serial(async () => {
      try {
        if (this.#recorder) await this.#finish(this.#recorder, this.#closing ?? reason);
      } catch (err) {
        // Shutdown and the other debates go on whatever happened to this file.
        this.#o.log.error({ debateId: this.#o.debateId, err: (err as Error).message }, 'recording: could not end the file cleanly');
      }
      this.#push();
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch((err: Error) => {
      const level = isAppError(err) ? 'warn' : 'error';
      this.#o.log[level]({ debateId: this.#o.debateId, err: err.message }, 'recording: step failed');
    });
    return run;
  }

  async #pass(): Promise<void> {
    const ended = this.#recorder && this.#recorder.status !== 'recording' ? this.#recorder : null;
    if (ended) {
      // The file ended without us: FFmpeg died, or the router went (worker death, end of
      // the media session). Only FFmpeg's death makes the next part wait, if it died young.
      const summary = await ended.ended;
      await this.#finish(ended, summary.status === 'failed' ? 'failed' : (this.#closing ?? 'media_closed'));
      if (diedYoung(summary, this.#o.healthyMs)) this.#failed(null);
      else this.#resetBackoff();
    }
    const session = this.#closing ? null : this.#o.media();
    const open = session !== null && !session.closed;
    if (open) this.#watch(session.mediasoupRoom);
    const { feed, liveFeed } = programFeeds(open ? session.program : null, open ? session.mediasoupRoom.producers() : []);
    this.#backoff = backoffForFeed(this.#backoff, liveFeed);
    const now = this.#o.clock.now();
    this.#liveSince = liveFeed.audio || liveFeed.video ? (this.#liveSince ?? now) : null;
    const action = decideRecording({
      wanted: this.#wanted && open,
      liveFeed,
      feed,
      recording: this.#recorder?.feed ?? null,
      now,
      liveSince: this.#liveSince,
      retryAt: this.#backoff.retryAt,
      kindWaitMs: this.#o.kindWaitMs,
    });
    const rec = this.#recorder;
    switch (action.do) {
      case 'none':
        return;
      case 'wait':
        return this.#wake(action.ms);
      case 'stop':
        await this.#finish(rec!, !this.#wanted ? 'moderator' : (this.#closing ?? 'media_closed'));
        return;
      case 'switch':
        return this.#switch(rec!, action.feed, session!);
      case 'rollover':
        await this.#finish(rec!, 'rollover');
        return this.#start(session!.mediasoupRoom.router, action.feed);
      case 'start':
        return this.#start(session!.mediasoupRoom.router, action.feed);
    }
  }

  async #switch(rec: Recorder, feed: RecordingFeed, session: SessionMedia): Promise<void> {
    try {
      await rec.switchFeed(feed);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'CANNOT_CONSUME') throw err;
      const present = new Set(session.mediasoupRoom.producers().map((p) => p.producerId));
      if (![feed.audio, feed.video].every((id) => !id || present.has(id))) return this.update(); // it left meanwhile
      // Another codec (a VP8 file, an H264 camera): the file cannot take it; a new part
      // can, started by the next pass from what is live.
      this.#o.log.info({ debateId: this.#o.debateId, recordingId: rec.id, err: err.message }, 'recording: new part for another codec');
      await this.#finish(rec, 'rollover');
      this.update();
    }
  }

  async #start(router: types.Router | null, feed: RecordingFeed): Promise<void> {
    if (!router) return this.#wake(500); // being rebuilt after a worker death
    const abort = new AbortController();
    this.#starting = abort;
    let rec: Recorder;
    try {
      rec = await this.#o.start(router, feed, abort.signal);
    } catch (err) {
      if (abort.signal.aborted) return;
      this.#o.log.error({ debateId: this.#o.debateId, feed, err: (err as Error).message }, 'recording: could not start');
      return this.#failed(feed);
    } finally {
      this.#starting = null;
    }
    this.#recorder = rec;
    void rec.ended.then(() => this.update());
    await this.#append(recordingStartedDraft({ recordingId: rec.id, label: rec.label, startedAt: rec.startedAt, file: rec.file }));
    this.#push();
  }

  /** Ends the file (if it has not ended), then its timeline entry; the state follows. */
  async #finish(rec: Recorder, reason: RecordingStopReason): Promise<RecordingSummary> {
    const summary = await rec.stop();
    await this.#append(recordingStoppedDraft({ ...summary, reason }));
    if (this.#recorder === rec) this.#recorder = null;
    this.#push();
    return summary;
  }

  /** The file exists whatever the log says: a failed append is logged, not fatal. */
  async #append(entry: TimelineEntry): Promise<void> {
    try {
      await this.#o.append(entry);
    } catch (err) {
      this.#o.log.error({ debateId: this.#o.debateId, type: entry.type, err: (err as Error).message }, 'recording: cannot append to the timeline');
    }
  }

  #resetBackoff(): void {
    this.#backoff = NO_BACKOFF;
  }

  /** `feed`: what failed to start (null: a file that died; any feed then waits). */
  #failed(feed: RecordingFeed | null): void {
    const now = this.#o.clock.now();
    this.#backoff = afterFailure(this.#backoff, feed, now, this.#o);
    this.#wake(this.#backoff.retryAt - now);
  }

  #wake(ms: number): void {
    if (this.#closing) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.update();
    }, ms);
    this.#timer.unref?.();
  }

  /** Pause / resume / new / closed producers change what can be recorded. */
  #watch(room: SessionMedia['mediasoupRoom']): void {
    if (room === this.#room) return;
    this.#unwatch?.();
    this.#room = room;
    this.#unwatch = room.onEvent((e) => {
      if (e.type !== 'consumer:closed') this.update();
    });
  }

  #push(): void {
    const state = this.state();
    const key = JSON.stringify(state);
    if (key === this.#pushed) return;
    this.#pushed = key;
    this.#o.push(state);
  }
}
