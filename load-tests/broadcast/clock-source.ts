// The bench's speaker: a "fake camera clock" sent as plain RTP into the debate's room
// (like server/test/media/rtp-source.ts): a grey picture that turns white for the first
// second of every ten, and a tone. The instant the first packet reaches mediasoup is the
// picture's t = 0 (FFmpeg's -re paces the frames from there), so a white frame decoded in
// a page at wall time W is W - (t0 + 10 k) seconds late. The video goes through a UDP
// relay in this process, which is how t0 is seen.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import type { DebateMediaSession } from '../../media/debate-media-session.ts';
import type { PlainTransportCreated } from '../../media/mediasoup-room-types.ts';

export const FLASH_PERIOD_MS = 10_000;

export interface ClockSource {
  video: string;
  audio: string;
  sender: ChildProcess;
  /** Wall time (ms) of the picture's t = 0: the first video packet seen by the router. */
  t0: number;
  stop(): void;
}

export async function publishClockSource(session: DebateMediaSession, participantId: string): Promise<ClockSource> {
  session.enter(participantId, 'participant');
  const vt = await session.mediasoupRoom.createPlainTransport(participantId, { rtcpMux: false });
  const at = await session.mediasoupRoom.createPlainTransport(participantId, { rtcpMux: false });
  const video = (
    await session.produce(participantId, {
      transportId: vt.id,
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90_000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }],
        encodings: [{ ssrc: 77_001 }],
        rtcp: { cname: 'clock-v' },
      },
      appData: { source: 'camera' },
    })
  ).id;
  const audio = (
    await session.produce(participantId, {
      transportId: at.id,
      kind: 'audio',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48_000, channels: 2 }], encodings: [{ ssrc: 77_003 }], rtcp: { cname: 'clock-a' } },
      appData: { source: 'mic' },
    })
  ).id;
  const url = (t: PlainTransportCreated) => `rtp://${t.ip}:${t.port}?rtcpport=${t.rtcpPort}&pkt_size=1200`;
  // Ten seconds of frames made once and looped in memory (geq per pixel was too slow to
  // keep real time on a loaded machine): one second white, nine grey.
  const picture = 'color=c=white:size=320x180:rate=25:duration=1[w];color=c=0x3c3c3c:size=320x180:rate=25:duration=9[g];[w][g]concat=n=2:v=1:a=0,loop=loop=-1:size=250:start=0';
  let first: number | null = null;
  const relay = dgram.createSocket('udp4');
  let senderPort: number | null = null;
  relay.on('message', (msg, from) => {
    // mediasoup answers (RTCP) to where the RTP came from, the relay: back to the sender.
    if (from.port === vt.port) {
      if (senderPort !== null) relay.send(msg, senderPort, '127.0.0.1');
      return;
    }
    senderPort = from.port;
    first ??= Date.now();
    relay.send(msg, vt.port, vt.ip);
  });
  await new Promise<void>((r) => relay.bind(0, '127.0.0.1', () => r()));
  const viaRelay = `rtp://127.0.0.1:${relay.address().port}?rtcpport=${vt.rtcpPort}&pkt_size=1200`;
  const sender = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-re', '-f', 'lavfi', '-i', picture,
      '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k', '-g', '25', '-keyint_min', '25',
      '-ssrc', '77001', '-payload_type', '96', '-f', 'rtp', viaRelay,
      '-map', '1:a', '-c:a', 'libopus', '-b:a', '48k', '-ac', '2', '-ssrc', '77003', '-payload_type', '111', '-f', 'rtp', url(at),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 15_000;
  while (first === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  if (first === null) throw new Error('the clock source sends nothing');
  return {
    video,
    audio,
    sender,
    t0: first,
    stop: () => {
      sender.kill('SIGKILL');
      relay.close();
    },
  };
}
