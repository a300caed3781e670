// A participant who really sends media through the real server: one plain-RTP transport
// of the debate's mediasoup room per kind (comedia), producers created through the debate's
// media session (so the publish policy applies), fed by one FFmpeg process sending a
// test pattern (VP8, a keyframe every second) and/or a tone (Opus). What a browser sends
// over WebRTC, without a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import type { DebateMediaSession } from '../../../media/debate-media-session.ts';
import type { PlainTransportCreated } from '../../../media/mediasoup-room-types.ts';
import type { Role } from '../../src/protocol/common.ts';

export interface RtpSource {
  audio: string | null;
  video: string | null;
  sender: ChildProcess;
  stop(): void;
}

export interface RtpSourceOptions {
  pattern?: string;
  size?: string;
  freq?: number;
  kinds?: ('audio' | 'video')[];
}

let nextSsrc = 31_000;

const rtpUrl = (t: PlainTransportCreated) => `rtp://${t.ip}:${t.port}?rtcpport=${t.rtcpPort}&pkt_size=1200`;

export async function publishRtpSource(session: DebateMediaSession, who: { participantId: string; role: Role }, o: RtpSourceOptions = {}): Promise<RtpSource> {
  const kinds = o.kinds ?? ['audio', 'video'];
  session.enter(who.participantId, who.role);
  const inputs: string[] = [];
  const outputs: string[] = [];
  const ids: { audio: string | null; video: string | null } = { audio: null, video: null };
  if (kinds.includes('video')) {
    const ssrc = (nextSsrc += 2);
    const t = await session.mediasoupRoom.createPlainTransport(who.participantId, { rtcpMux: false });
    ids.video = (
      await session.produce(who.participantId, {
        transportId: t.id,
        kind: 'video',
        rtpParameters: {
          codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90_000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }],
          encodings: [{ ssrc }],
          rtcp: { cname: `v${ssrc}` },
        },
        appData: { source: 'camera' },
      })
    ).id;
    const input = inputs.length / 5;
    inputs.push('-re', '-f', 'lavfi', '-i', `${o.pattern ?? 'testsrc'}=size=${o.size ?? '320x240'}:rate=15`);
    outputs.push(
      '-map', `${input}:v`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '15', '-keyint_min', '15',
      '-ssrc', String(ssrc), '-payload_type', '96', '-f', 'rtp', rtpUrl(t),
    );
  }
  if (kinds.includes('audio')) {
    const ssrc = (nextSsrc += 2);
    const t = await session.mediasoupRoom.createPlainTransport(who.participantId, { rtcpMux: false });
    ids.audio = (
      await session.produce(who.participantId, {
        transportId: t.id,
        kind: 'audio',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48_000, channels: 2 }], encodings: [{ ssrc }], rtcp: { cname: `a${ssrc}` } },
        appData: { source: 'mic' },
      })
    ).id;
    const input = inputs.length / 5;
    inputs.push('-re', '-f', 'lavfi', '-i', `sine=frequency=${o.freq ?? 440}:sample_rate=48000`);
    outputs.push('-map', `${input}:a`, '-c:a', 'libopus', '-b:a', '48k', '-ac', '2', '-ssrc', String(ssrc), '-payload_type', '111', '-f', 'rtp', rtpUrl(t));
  }
  const sender = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...inputs, ...outputs], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { ...ids, sender, stop: () => void sender.kill('SIGKILL') };
}
