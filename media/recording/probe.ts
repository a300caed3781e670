// Reads a recording back with ffprobe: its streams and its duration. A file FFmpeg closed
// normally carries its duration in the header; one cut short (FFmpeg killed) has none,
// so the duration is then the end of its last packet, which ffprobe reads cluster by
// cluster, exactly what a player would manage to play.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

const ProbeOutputSchema = z.object({
  streams: z
    .array(z.object({ codec_type: z.string(), codec_name: z.string().optional(), width: z.number().optional(), height: z.number().optional() }))
    .default([]),
  format: z.object({ duration: z.string().optional(), format_name: z.string().optional() }).optional(),
});

export interface ProbedStream {
  kind: string;
  codec: string | null;
  width?: number;
  height?: number;
}

export interface ProbeResult {
  streams: ProbedStream[];
  durationMs: number;
  /** True when the duration came from the packets (no duration in the header). */
  fromPackets: boolean;
  formatName: string | null;
}

const PROBE_TIMEOUT_MS = 60_000;

async function ffprobe(ffprobePath: string, args: string[]): Promise<string> {
  const { stdout } = await run(ffprobePath, ['-v', 'error', ...args], { timeout: PROBE_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/** End of the last packet (ms), scanning every packet: for files without a duration. */
async function lastPacketEndMs(ffprobePath: string, file: string): Promise<number> {
  const out = await ffprobe(ffprobePath, ['-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file]);
  let end = 0;
  for (const line of out.split('\n')) {
    const [pts, dur] = line.split(',').map(Number);
    if (Number.isFinite(pts)) end = Math.max(end, (pts ?? 0) + (Number.isFinite(dur) ? (dur ?? 0) : 0));
  }
  return Math.round(end * 1000);
}

/** Throws (with ffprobe's message) when the file is not readable media. */
export async function probeRecording(ffprobePath: string, file: string): Promise<ProbeResult> {
  const raw = await ffprobe(ffprobePath, ['-print_format', 'json', '-show_format', '-show_streams', file]);
  const parsed = ProbeOutputSchema.parse(JSON.parse(raw));
  const streams = parsed.streams.map((s) => ({
    kind: s.codec_type,
    codec: s.codec_name ?? null,
    ...(s.width !== undefined ? { width: s.width } : {}),
    ...(s.height !== undefined ? { height: s.height } : {}),
  }));
  const header = Number(parsed.format?.duration);
  const fromPackets = !Number.isFinite(header);
  const durationMs = fromPackets ? await lastPacketEndMs(ffprobePath, file) : Math.round(header * 1000);
  return { streams, durationMs, fromPackets, formatName: parsed.format?.format_name ?? null };
}

export async function fileSize(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
