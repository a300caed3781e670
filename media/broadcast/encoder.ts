// The HLS encoder of one debate: the program feed's producers consumed on PlainTransports
// (the recorder's tracks, media/recording/tracks.ts), one FFmpeg transcoding them to
// H.264 + AAC into `${dir}/index.m3u8` and, through the tee muxer, an MPEG-TS copy to the
// feed hub for the RTMP pushes. A program switch replaces the consumers (FFmpeg goes on);
// a codec the tracks cannot take refuses the switch (the session then restarts the
// encoder). `ended` resolves when FFmpeg exits, by stop() or by itself.
import { mkdir } from 'node:fs/promises';
import type { types } from 'mediasoup';
import { AppError } from '../../server/src/errors.ts';
import type { MediaLogger } from '../logger.ts';
import type { RecordingFeed } from '../recording/feed.ts';
import { buildRecordingSdp, type TrackKind } from '../recording/sdp.ts';
import { assertSwitchable, closeTrack, openTrack, requestKeyFrame, resumeTrack, switchTrack, waitForFlow, type RecordingTrack } from '../recording/tracks.ts';
import { findFreePortPair, waitForUdpBound } from '../recording/udp-ports.ts';
import { FfmpegChild, type ChildExit } from './ffmpeg-child.ts';
import { encoderArgs, type HlsSettings } from './hls-args.ts';

export interface StartEncoderOptions {
  router: types.Router;
  feed: RecordingFeed;
  dir: string;
  runId: string;
  hls: HlsSettings;
  ffmpeg: string;
  tsOffsetSeconds: number;
  hubPort: number | null;
  logger: MediaLogger;
  now: () => number;
  mediaTimeoutMs?: number;
  startTimeoutMs?: number;
}

export interface Encoder {
  readonly runId: string;
  readonly startedAt: number;
  readonly kinds: TrackKind[];
  /** The producer each track consumes now. */
  readonly feed: Record<string, string | null>;
  readonly ended: Promise<ChildExit>;
  readonly pid: number | undefined;
  switchFeed(feed: RecordingFeed): Promise<void>;
  /** The last words of FFmpeg (no secret in them: the encoder has none). */
  reason(): string;
  stop(): Promise<void>;
}

export async function startEncoder(o: StartEncoderOptions): Promise<Encoder> {
  const kinds = (['audio', 'video'] as const).filter((k) => o.feed[k]);
  if (kinds.length === 0) throw new AppError('VALIDATION_FAILED', 'nothing on air to broadcast');
  await mkdir(o.dir, { recursive: true });
  const tracks: RecordingTrack[] = [];
  let child: FfmpegChild | null = null;
  try {
    for (const kind of kinds) tracks.push(await openTrack(o.router, kind, o.feed[kind]!, await findFreePortPair()));
    if (!(await waitForFlow(tracks, o.mediaTimeoutMs ?? 5000))) throw new AppError('UNAVAILABLE', 'no media flows on the program feed');
    const args = encoderArgs({ hls: o.hls, kinds, dir: o.dir, runId: o.runId, tsOffsetSeconds: o.tsOffsetSeconds, hubPort: o.hubPort });
    const proc = new FfmpegChild(o.ffmpeg, args, { stdin: 'pipe' });
    child = proc;
    proc.stdin?.end(buildRecordingSdp(tracks));
    if (!(await waitForUdpBound(tracks.map((t) => t.port), 5000, () => proc.exit !== null))) {
      throw new AppError('UNAVAILABLE', `the HLS encoder did not open its ports: ${proc.reason()}`);
    }
    for (const t of tracks) await resumeTrack(t);
    // FFmpeg needs a keyframe to know the picture: ask until it writes.
    const again = setInterval(() => tracks.forEach((t) => void requestKeyFrame(t).catch(() => undefined)), 1000);
    const writing = await proc.waitUntilWriting(o.startTimeoutMs ?? 15_000).finally(() => clearInterval(again));
    if (!writing) throw new AppError('UNAVAILABLE', `the HLS encoder did not start: ${proc.reason()}`);
  } catch (err) {
    child?.kill();
    await child?.exited;
    tracks.forEach(closeTrack);
    throw err;
  }
  const proc = child;
  const startedAt = o.now();
  let stopping: Promise<void> | null = null;
  const ended = proc.exited.then((exit) => {
    tracks.forEach(closeTrack);
    return exit;
  });
  const feedNow = () => Object.fromEntries(tracks.map((t) => [t.kind, t.consumer?.producerId ?? null]));
  return {
    runId: o.runId,
    startedAt,
    kinds: [...kinds],
    get feed() {
      return feedNow();
    },
    ended,
    pid: proc.pid,
    reason: () => proc.reason(),
    async switchFeed(feed) {
      // Check every track first: a refused switch leaves the encoder as it was.
      for (const t of tracks) assertSwitchable(o.router, t, feed[t.kind] ?? null);
      for (const t of tracks) await switchTrack(o.router, t, feed[t.kind] ?? null);
    },
    stop: () =>
      (stopping ??= (async () => {
        await proc.stop();
        await ended;
      })()),
  };
}
