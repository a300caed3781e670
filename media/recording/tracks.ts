// The mediasoup side of a recording: per recorded kind (audio, video), one PlainTransport
// sending to FFmpeg's loopback ports and the consumer of the program feed's producer of
// that kind. A track's transport, its FFmpeg port and its codec (hence its RTP payload
// type, which mediasoup assigns per router codec) are fixed for the life of the recording;
// switching the feed only replaces the consumer. FFmpeg then sees a new SSRC and new
// sequence numbers on the same port and payload type, which it accepts with the flags
// chosen in ffmpeg-process.ts (verified, see README.md).
import type { types } from 'mediasoup';
import { AppError } from '../../server/src/errors.ts';
import { isRecordableCodec, type TrackKind } from './sdp.ts';

export interface RecordingTrack {
  readonly kind: TrackKind;
  readonly transport: types.PlainTransport;
  /** Where FFmpeg listens for this track. */
  readonly port: number;
  readonly rtcpPort: number;
  /** The codec of the first consumer; later consumers must have the same. */
  readonly codec: types.RtpCodecParameters;
  consumer: types.Consumer | null;
}

const LOOPBACK = '127.0.0.1';

/** Router capabilities reduced to what FFmpeg can write for `kind` (no RTX, no header extensions). */
export function recordingCapabilities(router: types.Router, kind: TrackKind, mimeType?: string): types.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? []).filter(
    (c) =>
      c.kind === kind &&
      isRecordableCodec(c.mimeType) &&
      (mimeType === undefined || c.mimeType.toLowerCase() === mimeType.toLowerCase()),
  );
  return { codecs, headerExtensions: [] };
}

async function consume(router: types.Router, transport: types.PlainTransport, kind: TrackKind, producerId: string, mimeType?: string) {
  const rtpCapabilities = recordingCapabilities(router, kind, mimeType);
  if (!router.canConsume({ producerId, rtpCapabilities })) {
    throw new AppError(
      'CANNOT_CONSUME',
      `cannot record producer ${producerId} as ${kind}${mimeType ? ` in ${mimeType}` : ''}: unknown producer or codec not recordable`,
    );
  }
  const consumer = await transport.consume({ producerId, rtpCapabilities, paused: true });
  if (consumer.kind !== kind) {
    consumer.close();
    throw new AppError('VALIDATION_FAILED', `producer ${producerId} is ${consumer.kind}, not ${kind}`);
  }
  return consumer;
}

/** Transport connected to FFmpeg's ports and a paused consumer of `producerId`. */
export async function openTrack(
  router: types.Router,
  kind: TrackKind,
  producerId: string,
  port: number,
): Promise<RecordingTrack> {
  const transport = await router.createPlainTransport({ listenIp: LOOPBACK, rtcpMux: false, comedia: false });
  try {
    await transport.connect({ ip: LOOPBACK, port, rtcpPort: port + 1 });
    const consumer = await consume(router, transport, kind, producerId);
    const codec = consumer.rtpParameters.codecs[0];
    if (!codec) throw new AppError('CANNOT_CONSUME', `producer ${producerId} has no codec to record`);
    return { kind, transport, port, rtcpPort: port + 1, codec, consumer };
  } catch (err) {
    transport.close();
    throw err;
  }
}

export async function requestKeyFrame(track: RecordingTrack): Promise<void> {
  if (track.kind === 'video' && track.consumer && !track.consumer.closed) await track.consumer.requestKeyFrame();
}

export async function resumeTrack(track: RecordingTrack): Promise<void> {
  if (!track.consumer || track.consumer.closed) return;
  await track.consumer.resume();
  await requestKeyFrame(track);
}

/** CANNOT_CONSUME unless the track can record `producerId` (null: nothing, always possible). */
export function assertSwitchable(router: types.Router, track: RecordingTrack, producerId: string | null): void {
  if (producerId === null) return;
  if (!router.canConsume({ producerId, rtpCapabilities: recordingCapabilities(router, track.kind, track.codec.mimeType) })) {
    throw new AppError(
      'CANNOT_CONSUME',
      `cannot switch the ${track.kind} track to producer ${producerId}: unknown producer or not ${track.codec.mimeType}`,
    );
  }
}

/**
 * Points the track at another producer (null: nothing, the track pauses in the file).
 * The new producer is checked before the old consumer is closed, so a refused switch
 * leaves the recording as it was; the old consumer is closed before the new one sends,
 * so FFmpeg never receives two streams interleaved on one port.
 */
export async function switchTrack(router: types.Router, track: RecordingTrack, producerId: string | null): Promise<void> {
  if (track.consumer && !track.consumer.closed && track.consumer.producerId === producerId) return;
  assertSwitchable(router, track, producerId);
  track.consumer?.close();
  track.consumer = null;
  if (producerId === null) return;
  const consumer = await consume(router, track.transport, track.kind, producerId, track.codec.mimeType);
  if (consumer.rtpParameters.codecs[0]?.payloadType !== track.codec.payloadType) {
    consumer.close();
    throw new AppError('CANNOT_CONSUME', `producer ${producerId} would change the payload type of the ${track.kind} track`);
  }
  track.consumer = consumer;
  await resumeTrack(track);
}

export function closeTrack(track: RecordingTrack): void {
  track.consumer?.close();
  track.consumer = null;
  track.transport.close();
}

/**
 * Packets seen so far for the track: the producer's inbound stream and what the consumer
 * sent (both grow only while the producer sends). A paused simulcast/SVC consumer has no
 * current layer, so mediasoup reports no inbound stream for it: waitForFlow resumes those.
 */
async function trackPackets(track: RecordingTrack): Promise<number> {
  if (!track.consumer || track.consumer.closed) return 0;
  const stats = (await track.consumer.getStats()) as { type: string; packetCount?: number }[];
  return stats.reduce((n, s) => n + (s.packetCount ?? 0), 0);
}

const FLOW_POLL_MS = 100;

/**
 * True once every track's producer has received new packets (media flows now, not only
 * once); false after `timeoutMs`, or at once when `signal` aborts.
 */
export async function waitForFlow(tracks: readonly RecordingTrack[], timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  // A simulcast consumer picks a layer (and asks for its keyframe) only once resumed; what
  // it sends before FFmpeg holds the port is dropped by the kernel, which is harmless.
  for (const t of tracks) {
    if (t.consumer && !t.consumer.closed && t.consumer.type !== 'simple') await t.consumer.resume();
  }
  const first = await Promise.all(tracks.map(trackPackets));
  const flowing = new Set<number>();
  const deadline = Date.now() + timeoutMs;
  while (!signal?.aborted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, FLOW_POLL_MS));
    (await Promise.all(tracks.map(trackPackets))).forEach((n, i) => n > first[i]! && flowing.add(i));
    if (flowing.size === tracks.length) return true;
  }
  return false;
}
