// The SDP that tells FFmpeg where the recorder's RTP arrives and what it carries: one
// m-line per recorded track, built from the codec of the track's mediasoup consumer. Also
// which container holds those codecs (WebM for Opus/VP8, Matroska when H264 is involved:
// WebM does not admit H264). Pure.
import type { types } from 'mediasoup';
import { AppError } from '../../server/src/errors.ts';

export type TrackKind = 'audio' | 'video';

/** Codecs the recorder can write without transcoding, by mediasoup mimeType (lower case). */
const RTPMAP: Record<string, { kind: TrackKind; name: string; channels?: number }> = {
  'audio/opus': { kind: 'audio', name: 'opus', channels: 2 },
  'video/vp8': { kind: 'video', name: 'VP8' },
  'video/h264': { kind: 'video', name: 'H264' },
};

/** H264 fmtp keys FFmpeg's depacketizer reads; the rest of the consumer's parameters are noise here. */
const H264_FMTP_KEYS = ['packetization-mode', 'profile-level-id', 'level-asymmetry-allowed'];

export function isRecordableCodec(mimeType: string): boolean {
  return mimeType.toLowerCase() in RTPMAP;
}

export interface SdpTrack {
  kind: TrackKind;
  /** Where FFmpeg listens for RTP; RTCP on rtcpPort. */
  port: number;
  rtcpPort: number;
  codec: types.RtpCodecParameters;
}

export interface Container {
  format: 'webm' | 'matroska';
  extension: 'webm' | 'mkv';
}

function rtpmapOf(codec: types.RtpCodecParameters, kind: TrackKind) {
  const entry = RTPMAP[codec.mimeType.toLowerCase()];
  if (!entry || entry.kind !== kind) {
    throw new AppError('CANNOT_CONSUME', `cannot record ${codec.mimeType} as ${kind}: only Opus, VP8 and H264 are recorded`);
  }
  return entry;
}

function fmtpOf(codec: types.RtpCodecParameters): string | null {
  const params = codec.parameters ?? {};
  const mime = codec.mimeType.toLowerCase();
  const keys = mime === 'video/h264' ? H264_FMTP_KEYS : mime === 'audio/opus' ? ['useinbandfec', 'sprop-stereo'] : [];
  const pairs = keys.filter((k) => params[k] !== undefined).map((k) => `${k}=${String(params[k])}`);
  return pairs.length > 0 ? pairs.join(';') : null;
}

/** The session description FFmpeg reads (`-f sdp -i pipe:0`), for loopback RTP. */
export function buildRecordingSdp(tracks: readonly SdpTrack[], ip = '127.0.0.1'): string {
  if (tracks.length === 0) throw new AppError('VALIDATION_FAILED', 'a recording needs at least one track');
  const lines = ['v=0', `o=- 0 0 IN IP4 ${ip}`, 's=Tribune recording', `c=IN IP4 ${ip}`, 't=0 0'];
  for (const t of tracks) {
    const pt = t.codec.payloadType;
    const map = rtpmapOf(t.codec, t.kind);
    lines.push(`m=${t.kind} ${t.port} RTP/AVP ${pt}`, `a=rtcp:${t.rtcpPort}`);
    lines.push(`a=rtpmap:${pt} ${map.name}/${t.codec.clockRate}${map.channels ? `/${map.channels}` : ''}`);
    const fmtp = fmtpOf(t.codec);
    if (fmtp) lines.push(`a=fmtp:${pt} ${fmtp}`);
    lines.push('a=recvonly');
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** WebM when it can hold every codec (Opus, VP8), else Matroska. */
export function containerFor(codecs: readonly types.RtpCodecParameters[]): Container {
  const h264 = codecs.some((c) => c.mimeType.toLowerCase() === 'video/h264');
  return h264 ? { format: 'matroska', extension: 'mkv' } : { format: 'webm', extension: 'webm' };
}
