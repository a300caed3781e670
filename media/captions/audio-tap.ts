// The audio a caption stream hears: a PlainTransport of the debate's router sending one
// audio producer (Opus) to a loopback FFmpeg that decodes it to 16-bit mono PCM on its
// stdout. The transport, the port and the payload type stay for the life of the tap;
// switching the speaker only replaces the consumer (media/recording/tracks.ts, reused:
// the same FFmpeg flags let a new SSRC and new sequence numbers through on one port).
// FFmpeg is killed at close: there is no file to finish.
import { spawn, type ChildProcess } from 'node:child_process';
import type { types } from 'mediasoup';
import { resolveMediaTool } from '../recording/binaries.ts';
import { buildRecordingSdp } from '../recording/sdp.ts';
import { closeTrack, openTrack, resumeTrack, switchTrack, type RecordingTrack } from '../recording/tracks.ts';
import { findFreePortPair, waitForUdpBound } from '../recording/udp-ports.ts';

export interface AudioTap {
  readonly producerId: string | null;
  switchTo(producerId: string | null): Promise<void>;
  onPcm(listener: (pcm: Buffer) => void): void;
  onExit(listener: (reason: string) => void): void;
  close(): void;
}

export function decoderArgs(sampleRate: number): string[] {
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
    '-protocol_whitelist', 'pipe,udp,rtp',
    '-fflags', 'nobuffer',
    '-reorder_queue_size', '0',
    '-listen_timeout', '-1',
    '-localaddr', '127.0.0.1',
    '-f', 'sdp', '-i', 'pipe:0',
    '-map', '0:a', '-ac', '1', '-ar', String(sampleRate),
    '-f', 's16le', '-flush_packets', '1', 'pipe:1',
  ];
}

export async function openAudioTap(router: types.Router, producerId: string, sampleRate: number): Promise<AudioTap> {
  const port = await findFreePortPair();
  const track: RecordingTrack = await openTrack(router, 'audio', producerId, port);
  let child: ChildProcess;
  try {
    child = spawn(resolveMediaTool('ffmpeg').path, decoderArgs(sampleRate), { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    closeTrack(track);
    throw err;
  }
  const pcm: ((b: Buffer) => void)[] = [];
  const exits: ((reason: string) => void)[] = [];
  let closed = false;
  let stderrTail = '';
  child.stdout!.on('data', (b: Buffer) => pcm.forEach((l) => l(b)));
  child.stderr!.on('data', (b: Buffer) => (stderrTail = (stderrTail + b.toString()).slice(-600)));
  child.once('exit', (code, signal) => {
    if (!closed) exits.forEach((l) => l(`ffmpeg exited (code ${code}, signal ${signal}): ${stderrTail.trim()}`));
  });
  child.stdin!.on('error', () => {});
  child.stdin!.end(buildRecordingSdp([{ kind: 'audio', port, rtcpPort: port + 1, codec: track.codec }]));
  const bound = await waitForUdpBound([port, port + 1], 10_000, () => child.exitCode !== null);
  if (!bound) {
    closed = true;
    child.kill('SIGKILL');
    closeTrack(track);
    throw new Error(`captions: ffmpeg did not listen on ${port}: ${stderrTail.trim()}`);
  }
  await resumeTrack(track);
  return {
    get producerId() {
      return track.consumer && !track.consumer.closed ? track.consumer.producerId : null;
    },
    switchTo: (id) => switchTrack(router, track, id),
    onPcm: (l) => void pcm.push(l),
    onExit: (l) => void exits.push(l),
    close: () => {
      if (closed) return;
      closed = true;
      child.kill('SIGKILL');
      closeTrack(track);
    },
  };
}
