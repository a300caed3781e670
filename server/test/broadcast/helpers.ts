// What the broadcast tests share: RTP senders as speakers (../media/rtp-source.ts), the
// media:broadcast pushes, ffprobe, the FFmpeg processes of a debate's broadcast (found by
// their command line: tests must leave none behind).
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { TestApp } from '../helpers/app.ts';
import { publishRtpSource, type RtpSource, type RtpSourceOptions } from '../media/rtp-source.ts';
import { waitForPush, type MediaClient } from '../media/server-helpers.ts';

const run = promisify(execFile);

export async function speakerSource(t: TestApp, debateId: string, who: MediaClient, role: 'speaker' | 'participant', o: RtpSourceOptions): Promise<RtpSource> {
  const session = await t.app.media!.openSession(debateId);
  return publishRtpSource(session, { participantId: who.participantId, role }, o);
}

export const broadcastPush = (c: MediaClient, match: (p: any) => boolean, timeoutMs = 30_000) => waitForPush(c, 'media:broadcast', match, timeoutMs);

export interface Probed {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  format: { duration?: string; format_name?: string };
}

export async function probe(input: string, extra: string[] = []): Promise<Probed> {
  const { stdout } = await run('ffprobe', ['-v', 'error', ...extra, '-print_format', 'json', '-show_format', '-show_streams', input], { timeout: 30_000 });
  return JSON.parse(stdout) as Probed;
}

/** Picture sizes of the decoded frames of `input`, in order. */
export async function frameSizes(input: string): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=width,height', '-of', 'csv=p=0', input], {
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim().split('\n').filter(Boolean).map((l) => l.split(',').slice(0, 2).join('x'));
}

/** Pids of the processes whose command line contains `needle`. */
export async function pidsWith(needle: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of (await readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle) && pid !== String(process.pid)) out.push(Number(pid));
  }
  return out;
}

/**
 * The tone heard in `input` (Hz), from the zero crossings of its decoded sound: the test
 * speakers send pure sines at different pitches, so this says who is on air.
 */
export async function toneHz(input: string, extra: string[] = []): Promise<number> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', ...extra, '-i', input, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', 'pipe:1'], {
    timeout: 60_000,
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  const pcm = stdout as unknown as Buffer;
  // Per 100 ms window with sound: sign changes / 2 / 0.1 s; the median of the windows
  // (silence at a switch or a restart has no pitch).
  const win = 4800;
  const rates: number[] = [];
  for (let w = 0; (w + 1) * win * 2 <= pcm.length; w++) {
    let crossings = 0;
    let loud = 0;
    let prev = 0;
    for (let i = w * win; i < (w + 1) * win; i++) {
      const v = pcm.readInt16LE(i * 2);
      if (Math.abs(v) > 1000) loud += 1;
      const sign = v >= 0 ? 1 : -1;
      if (prev !== 0 && sign !== prev) crossings += 1;
      prev = sign;
    }
    if (loud > win / 4) rates.push(crossings / 2 / 0.1);
  }
  rates.sort((a, b) => a - b);
  return rates.length > 0 ? rates[Math.floor(rates.length / 2)]! : 0;
}

/** FFmpeg's `concat:` input of local segment files. */
export const concatOf = (dir: string, segments: readonly string[]): string => `concat:${segments.map((s) => `${dir}/${s}`).join('|')}`;
