// Records a debate's program feed into `${dataDir}/recordings/<debateId>/<id>.webm` (or
// .mkv for H264) and keeps its `recordings` row (through RecordingStore). One FFmpeg process and one file per
// recording; a switch of the program feed (another speaker takes the floor) only
// replaces the mediasoup consumers feeding FFmpeg (tracks.ts), the file goes on.
//
// Life: startRecording() opens the tracks (consumers paused), optionally waits until their
// producers receive packets, inserts the row, starts FFmpeg, waits until FFmpeg holds its ports, resumes the consumers, asks for keyframes
// until FFmpeg writes, and resolves. stop() ends FFmpeg gracefully while media still
// flows, closes the tracks, probes the file and finishes the row ('complete'). If FFmpeg
// dies on its own the row is finished as 'failed' (the file stays playable up to its last
// cluster) and its stderr tail is logged. `ended` resolves in both cases.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { types } from 'mediasoup';
import { systemClock, type Clock } from '../../server/src/clock.ts';
import { AppError } from '../../server/src/errors.ts';
import { IdSchema } from '../../server/src/protocol/common.ts';
import { stderrLogger, type MediaLogger } from '../logger.ts';
import { resolveMediaTool } from './binaries.ts';
import type { RecordingFeed } from './feed.ts';
import { FfmpegProcess, recorderArgs } from './ffmpeg-process.ts';
import { fileSize, probeRecording } from './probe.ts';
import { buildRecordingSdp, containerFor, type TrackKind } from './sdp.ts';
import {
  assertSwitchable, closeTrack, openTrack, requestKeyFrame, resumeTrack, switchTrack, waitForFlow, type RecordingTrack,
} from './tracks.ts';
import { findFreePortPair, pokeWithOpusSilence, waitForUdpBound } from './udp-ports.ts';
import { abortion, assertNotAborted } from './abort.ts';
import type { RecordingStore } from './ports.ts';

export interface StartRecordingOptions {
  debateId: string;
  router: types.Router;
  producers: RecordingFeed;
  dataDir: string;
  store: RecordingStore;
  /** What is recorded; 'program' by default. */
  label?: string;
  clock?: Clock;
  logger?: MediaLogger;
  /** Until FFmpeg writes (needs a keyframe of the video); 15 s by default. */
  startTimeoutMs?: number;
  /**
   * First wait until every producer of the feed is seen receiving packets, at most this
   * long, and reject without a row or FFmpeg otherwise. Unset: FFmpeg is started at once.
   */
  mediaTimeoutMs?: number;
  newId?: () => string;
  /** Gives up starting (rejects, leaves nothing): the debate ended or recording was turned off meanwhile. */
  signal?: AbortSignal;
}

export type RecorderStatus = 'recording' | 'stopping' | 'complete' | 'failed';

export interface RecordingSummary {
  recordingId: string;
  debateId: string;
  label: string;
  status: 'complete' | 'failed';
  startedAt: number;
  endedAt: number;
  /** Relative to the data directory. */
  file: string;
  sizeBytes: number | null;
  durationMs: number | null;
  error: string | null;
}

const KINDS: readonly TrackKind[] = ['audio', 'video'];
const KEYFRAME_RETRY_MS = 1000;
const PORTS_TIMEOUT_MS = 5000;

const newRecordingId = (): string => `rec_${randomBytes(9).toString('base64url')}`;

export class Recorder {
  readonly id: string;
  readonly debateId: string;
  readonly label: string;
  /** Relative to the data directory. */
  readonly file: string;
  readonly absolutePath: string;
  /** Resolves once the recording has ended, however it ended. */
  readonly ended: Promise<RecordingSummary>;
  #resolveEnded!: (s: RecordingSummary) => void;
  #status: RecorderStatus = 'recording';
  #startedAt: number;
  #stopping: Promise<RecordingSummary> | null = null;
  #switching: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly o: Required<Pick<StartRecordingOptions, 'router' | 'store' | 'clock' | 'logger'>> & { ffprobe: string },
    ids: { id: string; debateId: string; label: string; file: string; absolutePath: string; startedAt: number },
    private readonly tracks: RecordingTrack[],
    private readonly ffmpeg: FfmpegProcess,
  ) {
    ({ id: this.id, debateId: this.debateId, label: this.label, file: this.file, absolutePath: this.absolutePath } = ids);
    this.#startedAt = ids.startedAt;
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve));
  }

  get status(): RecorderStatus {
    return this.#status;
  }
  /** Server clock (ms) of the file's t=0. */
  get startedAt(): number {
    return this.#startedAt;
  }
  /** FFmpeg's process id. */
  get pid(): number | undefined {
    return this.ffmpeg.pid;
  }
  /** The producer each recorded kind currently records (null: nothing, a gap). */
  get feed(): Record<string, string | null> {
    return Object.fromEntries(this.tracks.map((t) => [t.kind, t.consumer && !t.consumer.closed ? t.consumer.producerId : null]));
  }

  /** Called by startRecording once FFmpeg writes. */
  watch(startedAt: number): void {
    this.#startedAt = startedAt;
    void this.ffmpeg.exited.then(() => {
      if (this.#status === 'recording') void this.#end('failed', this.o.clock.now(), 'FFmpeg exited during the recording');
    });
    this.tracks[0]?.transport.observer.once('close', () => {
      if (this.#status === 'recording') void this.stop();
    });
  }

  /**
   * Records other producers from now on, in the same file. Kinds the recording was not
   * started with are ignored (returned); a kind absent from `producers` leaves a gap.
   */
  switchFeed(producers: RecordingFeed): Promise<{ ignored: TrackKind[] }> {
    const run = this.#switching.then(async () => {
      if (this.#status !== 'recording') throw new AppError('CONFLICT', `recording ${this.id} has ended`);
      const recorded = new Set(this.tracks.map((t) => t.kind));
      const ignored = KINDS.filter((k) => !recorded.has(k) && producers[k]);
      if (ignored.length > 0) this.o.logger.warn({ recordingId: this.id, ignored }, 'recording: feed has kinds the recording did not start with');
      // All kinds are checked first, so a refused switch changes nothing.
      for (const track of this.tracks) assertSwitchable(this.o.router, track, producers[track.kind] ?? null);
      for (const track of this.tracks) await switchTrack(this.o.router, track, producers[track.kind] ?? null);
      this.o.logger.info({ recordingId: this.id, feed: this.feed }, 'recording: program feed switched');
      return { ignored };
    });
    // The next switch waits for this one, whatever its outcome (the caller gets the error).
    this.#switching = run.catch(() => undefined);
    return run;
  }

  /** Ends the recording gracefully; safe to call twice (same result). */
  stop(): Promise<RecordingSummary> {
    if (this.#stopping) return this.#stopping;
    if (this.#status !== 'recording') return this.ended;
    this.#status = 'stopping';
    const endedAt = this.o.clock.now();
    this.#stopping = (async () => {
      const exit = await this.ffmpeg.stop(() => this.#wake());
      if (exit.signal === 'SIGKILL') this.o.logger.warn({ recordingId: this.id, stderr: this.ffmpeg.stderrTail() }, 'recording: FFmpeg had to be killed');
      return this.#end('complete', endedAt, null);
    })();
    return this.#stopping;
  }

  /** Unblocks an FFmpeg waiting for packets of a silent feed (see ffmpeg-process.ts). */
  async #wake(): Promise<void> {
    const audio = this.tracks.find((t) => t.kind === 'audio');
    if (audio) await pokeWithOpusSilence(audio.port, audio.codec.payloadType);
  }

  async #end(wanted: 'complete' | 'failed', endedAt: number, reason: string | null): Promise<RecordingSummary> {
    this.#status = 'stopping';
    for (const t of this.tracks) closeTrack(t);
    let status = wanted;
    let error = reason;
    if (wanted === 'failed') {
      this.o.logger.error({ recordingId: this.id, exit: this.ffmpeg.exit, stderr: this.ffmpeg.stderrTail() }, `recording failed: ${reason}`);
    }
    const sizeBytes = await fileSize(this.absolutePath);
    let durationMs: number | null = null;
    try {
      durationMs = (await probeRecording(this.o.ffprobe, this.absolutePath)).durationMs;
    } catch (err) {
      status = 'failed';
      error = `${reason ? `${reason}; ` : ''}file not readable: ${(err as Error).message.split('\n')[0]}`;
      this.o.logger.error({ recordingId: this.id, stderr: this.ffmpeg.stderrTail() }, `recording ${this.id}: ${error}`);
    }
    try {
      await this.o.store.finish(this.id, { status, endedAt, sizeBytes, durationMs, error });
    } catch (err) {
      // The file is there; `ended` must resolve for the caller even if the row is stale.
      this.o.logger.error({ recordingId: this.id, err: (err as Error).message }, 'recording: cannot finish its row');
    }
    this.#status = status;
    const summary: RecordingSummary = {
      recordingId: this.id,
      debateId: this.debateId,
      label: this.label,
      status,
      startedAt: this.#startedAt,
      endedAt,
      file: this.file,
      sizeBytes,
      durationMs,
      error,
    };
    this.#resolveEnded(summary);
    return summary;
  }
}

async function openTracks(router: types.Router, producers: RecordingFeed): Promise<RecordingTrack[]> {
  const tracks: RecordingTrack[] = [];
  try {
    for (const kind of KINDS) {
      const producerId = producers[kind];
      if (producerId) tracks.push(await openTrack(router, kind, producerId, await findFreePortPair()));
    }
  } catch (err) {
    for (const t of tracks) closeTrack(t);
    throw err;
  }
  if (tracks.length === 0) throw new AppError('VALIDATION_FAILED', 'nothing to record: no audio or video producer given');
  return tracks;
}

/**
 * Starts recording; resolves once FFmpeg writes the file. Otherwise rejects and leaves
 * nothing behind (no row, no file, no FFmpeg): the failure is logged with FFmpeg's
 * stderr, and the archive holds only recordings that began.
 */
export async function startRecording(opts: StartRecordingOptions): Promise<Recorder> {
  if (!IdSchema.safeParse(opts.debateId).success) throw new AppError('VALIDATION_FAILED', `not a debate id: ${opts.debateId}`);
  const debateId = opts.debateId;
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? stderrLogger;
  const ffmpegPath = resolveMediaTool('ffmpeg').path;
  const ffprobe = resolveMediaTool('ffprobe').path;
  const id = (opts.newId ?? newRecordingId)();
  const label = opts.label ?? 'program';

  assertNotAborted(opts.signal);
  const tracks = await openTracks(opts.router, opts.producers);
  const container = containerFor(tracks.map((t) => t.codec));
  const file = `recordings/${debateId}/${id}.${container.extension}`;
  const absolutePath = join(opts.dataDir, ...file.split('/'));
  let ffmpeg: FfmpegProcess | null = null;
  let inserted = false;
  try {
    // No row and no FFmpeg for a feed that sends nothing (a browser still connecting):
    // FFmpeg would only wait for it, then fail.
    if (opts.mediaTimeoutMs !== undefined) {
      const flowing = await waitForFlow(tracks, opts.mediaTimeoutMs, opts.signal);
      assertNotAborted(opts.signal);
      if (!flowing) throw new AppError('UNAVAILABLE', 'no media arrives from the program feed');
    }
    await mkdir(join(opts.dataDir, 'recordings', debateId), { recursive: true });
    const trackInfo = tracks.map((t) => ({ kind: t.kind, mimeType: t.codec.mimeType }));
    await opts.store.create({ id, debateId, label, tracks: trackInfo, filePath: file, startedAt: clock.now() });
    inserted = true;
    ffmpeg = FfmpegProcess.spawn(ffmpegPath, recorderArgs({ container, output: absolutePath }), buildRecordingSdp(tracks));
    const proc = ffmpeg;
    const ports = tracks.flatMap((t) => [t.port, t.rtcpPort]);
    if (!(await waitForUdpBound(ports, PORTS_TIMEOUT_MS, () => proc.exit !== null))) {
      throw new AppError('UNAVAILABLE', `FFmpeg did not open its RTP ports ${ports.join(', ')}`);
    }
    for (const t of tracks) await resumeTrack(t);
    // A keyframe may be lost or the sender slow to answer: FFmpeg cannot write the file
    // header before it has seen one (the picture size), so keep asking until it writes.
    const retry = setInterval(() => {
      for (const t of tracks) {
        requestKeyFrame(t).catch((err: Error) => logger.warn({ recordingId: id, err: err.message }, 'recording: keyframe request failed'));
      }
    }, KEYFRAME_RETRY_MS);
    // Without media FFmpeg would wait for the whole timeout: an abort must not.
    const aborted = abortion(opts.signal);
    const writing = await Promise.race([ffmpeg.waitUntilWriting(opts.startTimeoutMs ?? 15_000), aborted.promise]).finally(() => {
      clearInterval(retry);
      aborted.dispose();
    });
    assertNotAborted(opts.signal);
    if (!writing) throw new AppError('UNAVAILABLE', 'FFmpeg did not start writing the recording (no media, or no keyframe, arrived)');
  } catch (err) {
    ffmpeg?.kill();
    await ffmpeg?.exited;
    for (const t of tracks) closeTrack(t);
    const message = (err as Error).message;
    if (ffmpeg) logger.error({ recordingId: id, stderr: ffmpeg.stderrTail() }, `recording ${id} could not start: ${message}`);
    if (inserted) {
      // Cleaning up must not hide why the start failed: its own errors are only logged.
      await rm(absolutePath, { force: true }).catch((e: Error) => logger.warn({ recordingId: id, err: e.message }, 'recording: cannot remove the file'));
      await opts.store.discard(id).catch((e: Error) => logger.error({ recordingId: id, err: e.message }, 'recording: cannot remove the row'));
    }
    throw err;
  }
  // FFmpeg stamps packets with the wall clock and reports the first one's instant: the
  // file's t=0, carried over to the server clock.
  const wallStart = ffmpeg.inputStartMs;
  const startedAt = wallStart === null ? clock.now() : clock.now() - (Date.now() - wallStart);
  await opts.store.setStart(id, startedAt);
  const recorder = new Recorder({ router: opts.router, store: opts.store, clock, logger, ffprobe }, { id, debateId, label, file, absolutePath, startedAt }, tracks, ffmpeg);
  recorder.watch(startedAt);
  logger.info({ recordingId: id, debateId, file, feed: recorder.feed, pid: ffmpeg.pid }, 'recording started');
  return recorder;
}
