// Synthetic speech for the caption tests and the benchmark: espeak-ng writes the sentence,
// sox makes it 16 kHz mono with a second of silence after it (the engine ends an utterance
// on silence), and FFmpeg sends it as Opus RTP, in real time, into a plain transport of
// the debate's room with a producer created through the media session (the publish policy
// applies): what a speaker's browser would send, without a browser.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DebateMediaSession } from '../../../media/debate-media-session.ts';
import type { Role } from '../../src/protocol/common.ts';

const run = promisify(execFile);

/** A WAV file (16 kHz mono) of `text` spoken by espeak-ng, followed by `padSeconds` of silence. */
export async function speechWav(text: string, padSeconds = 1.5): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tribune-speech-'));
  const raw = join(dir, 'espeak.wav');
  const out = join(dir, 'speech.wav');
  // The Klatt voice variant is the one Debian's en-us model recognises best (measured: the
  // default voice gives few right words).
  await run('espeak-ng', ['-v', 'en-us+klatt2', '-s', '140', '-w', raw, text]);
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out, 'pad', '0.3', String(padSeconds)]);
  return out;
}

let nextSsrc = 52_000;

export interface SpeechSource {
  producerId: string;
  sender: ChildProcess;
  /** Resolves when FFmpeg has sent the whole file. */
  done: Promise<void>;
  stop(): void;
}

/**
 * Publishes the participant's microphone as Opus RTP read from `wav` in real time, `repeat`
 * times in a row (the caption pipeline opens when the producer appears: on a loaded machine its
 * FFmpeg and engine may start after the first utterance has gone by, as a listener joining late).
 */
export async function publishSpeech(
  session: DebateMediaSession,
  who: { participantId: string; role: Role },
  wav: string,
  repeat = 1,
): Promise<SpeechSource> {
  session.enter(who.participantId, who.role);
  const ssrc = (nextSsrc += 2);
  const t = await session.mediasoupRoom.createPlainTransport(who.participantId, { rtcpMux: false });
  const producer = await session.produce(who.participantId, {
    transportId: t.id,
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48_000, channels: 2 }], encodings: [{ ssrc }], rtcp: { cname: `s${ssrc}` } },
    appData: { source: 'mic' },
  });
  const sender = spawn(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-stream_loop', String(repeat - 1), '-i', wav, '-c:a', 'libopus', '-b:a', '48k', '-ar', '48000', '-ac', '2',
      '-ssrc', String(ssrc), '-payload_type', '111', '-f', 'rtp', `rtp://${t.ip}:${t.port}?rtcpport=${t.rtcpPort}&pkt_size=1200`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const done = new Promise<void>((resolve) => sender.once('exit', () => resolve()));
  return { producerId: producer.id, sender, done, stop: () => void sender.kill('SIGKILL') };
}

/** Lower-case words, punctuation dropped: what word checks and the word error rate compare. */
export const wordsOf = (text: string): string[] => text.toLowerCase().replace(/[^a-z' ]+/g, ' ').split(/\s+/).filter(Boolean);
