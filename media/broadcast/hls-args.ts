// FFmpeg's arguments for the broadcast (pure): the encoder, that reads the program's RTP
// (the SDP on stdin, as the recorder does), transcodes it once to H.264 + AAC and writes
// through the tee muxer both the HLS playlist and an MPEG-TS copy to the feed hub (the
// RTMP pushes copy that, no second encoding); and one push, that copies MPEG-TS from its
// stdin into FLV to an RTMP(S) ingest.
//
// Choices (see media/broadcast/README.md):
// - Input flags as the recorder's (`-use_wallclock_as_timestamps 1 -reorder_queue_size 0`):
//   a program switch gives the RTP a new SSRC and timestamp base on the same port.
// - Picture scaled and padded to a fixed size and rate: a switch to a speaker with another
//   camera size re-initialises the filters, never the encoder.
// - `aresample=async`: silences (a paused floor) become real silence, not holes.
// - A keyframe every segment (`force_key_frames`), `tune zerolatency`: short segments.
// - `-output_ts_offset`: a restarted encoder continues the timestamps of the broadcast
//   (pushes then see a forward gap, not a jump back); the playlist is appended to
//   (`append_list`) with a discontinuity marked (`discont_start`).
export interface HlsSettings {
  width: number;
  height: number;
  fps: number;
  videoKbps: number;
  audioKbps: number;
  /** Target segment length, seconds. */
  segmentSeconds: number;
  /** Segments kept in the live playlist. */
  listSize: number;
  preset: string;
}

export const DEFAULT_HLS: HlsSettings = {
  width: 854,
  height: 480,
  fps: 25,
  videoKbps: 1000,
  audioKbps: 96,
  segmentSeconds: 1,
  listSize: 20,
  preset: 'veryfast',
};

export interface EncoderArgsInput {
  hls: HlsSettings;
  kinds: readonly ('audio' | 'video')[];
  /** Directory of the playlist and segments. */
  dir: string;
  /** Unique per encoder run: segment names never repeat (they are cached as immutable). */
  runId: string;
  /** Seconds since the broadcast's first start. */
  tsOffsetSeconds: number;
  /** Where the MPEG-TS copy for the pushes goes (the feed hub), or null. */
  hubPort: number | null;
}

export const PLAYLIST = 'index.m3u8';

export function encoderArgs(o: EncoderArgsInput): string[] {
  const h = o.hls;
  const args = [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info',
    '-protocol_whitelist', 'pipe,udp,rtp',
    '-use_wallclock_as_timestamps', '1',
    '-reorder_queue_size', '0',
    '-listen_timeout', '-1',
    '-localaddr', '127.0.0.1',
    '-analyzeduration', '10000000',
    '-fpsprobesize', '0',
    '-f', 'sdp', '-i', 'pipe:0',
  ];
  if (o.kinds.includes('video')) {
    args.push(
      '-map', '0:v:0',
      '-vf', `scale=${h.width}:${h.height}:force_original_aspect_ratio=decrease,pad=${h.width}:${h.height}:(ow-iw)/2:(oh-ih)/2,fps=${h.fps},format=yuv420p`,
      '-c:v', 'libx264', '-preset', h.preset, '-tune', 'zerolatency', '-profile:v', 'main',
      '-b:v', `${h.videoKbps}k`, '-maxrate', `${h.videoKbps}k`, '-bufsize', `${h.videoKbps * 2}k`,
      '-g', String(h.fps * h.segmentSeconds), '-keyint_min', String(h.fps * h.segmentSeconds), '-sc_threshold', '0',
      '-force_key_frames', `expr:gte(t,n_forced*${h.segmentSeconds})`,
    );
  }
  if (o.kinds.includes('audio')) {
    args.push('-map', '0:a:0', '-af', 'aresample=async=1000', '-c:a', 'aac', '-b:a', `${h.audioKbps}k`, '-ar', '48000', '-ac', '2');
  }
  const flags = 'append_list+discont_start+program_date_time+independent_segments+omit_endlist+delete_segments+temp_file';
  const hlsSlave =
    `[f=hls:hls_time=${h.segmentSeconds}:hls_list_size=${h.listSize}:hls_flags=${flags}` +
    `:hls_segment_filename=${o.dir}/${o.runId}-%d.ts]${o.dir}/${PLAYLIST}`;
  const slaves = [hlsSlave];
  if (o.hubPort !== null) slaves.push(`[f=mpegts:onfail=ignore]tcp://127.0.0.1:${o.hubPort}`);
  args.push('-output_ts_offset', o.tsOffsetSeconds.toFixed(3), '-flush_packets', '1', '-f', 'tee', slaves.join('|'));
  return args;
}

/** One push: MPEG-TS on stdin, copied to FLV at `url/key` (the key only here, never logged). */
export function pushArgs(target: string): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'info',
    '-fflags', '+genpts+discardcorrupt',
    '-analyzeduration', '1000000', '-probesize', '1000000',
    '-f', 'mpegts', '-i', 'pipe:0',
    '-map', '0', '-c', 'copy',
    '-f', 'flv', '-flvflags', 'no_duration_filesize',
    target,
  ];
}

/** The URL FFmpeg pushes to: the ingest URL and the stream key as its last path segment. */
export function pushTarget(url: string, streamKey: string): string {
  return `${url.replace(/\/+$/, '')}/${streamKey}`;
}
