// The media benchmark's figures: join-to-first-frame (median, min, max) against the 1 s
// target; worker CPU per step; the CPU cost of one consumer (least-squares slope over the
// steps below 85 % of a core, where the worker is not yet queueing); consumers per
// worker at saturation, measured when reached, else extrapolated from that line; and the
// comparison with mediasoup's "~500 consumers per worker".
import type { MediaBenchArgs } from './args.ts';
import type { JoinTiming } from './browser.ts';
import { fitLine, median } from './stats.ts';

export interface StepRow {
  consumers: number;
  /** Worker CPU, fraction of one core. */
  worker: number;
  /** Of which system (kernel) time. */
  workerSystem: number;
  /** Machine busy share (all cores). */
  machine: number;
  /** Packets per second one consumer sends. */
  audioPps: number;
  videoPps: number;
}

export const JOIN_TARGET_MS = 1000;
/** A consumer forwarding less video than this share of the unloaded rate: the worker no longer keeps up. */
export const FORWARDING_FLOOR = 0.7;
export const MEDIASOUP_QUOTED_CONSUMERS = 500;
const LINEAR_BELOW = 0.85;

export interface MediaSummary {
  join: { medianMs: number; minMs: number; maxMs: number; medianFromMediaStartMs: number; medianStatsMs: number; pass: boolean };
  idleWorkerCpu: number;
  costPerConsumer: { coreFraction: number; cpuMicrosPerSec: number; r2: number; points: number };
  saturation: { measured: number | null; reason: string | null; extrapolated: number; threshold: number; referenceVideoPps: number };
  versusMediasoup: number;
}

/** Video packets/s one consumer forwards while the worker is far from busy (median of the first loaded steps). */
export function referenceVideoPps(rows: readonly StepRow[]): number {
  return median(rows.filter((r) => r.consumers > 0).slice(0, 4).map((r) => r.videoPps));
}

/** Why a step counts as saturated (CPU at the threshold, or forwarding collapsed), or null. */
export function saturated(row: StepRow, rows: readonly StepRow[], threshold: number): string | null {
  if (row.worker >= threshold) return `worker at ${(row.worker * 100).toFixed(1)} % of a core`;
  const ref = referenceVideoPps(rows);
  if (row.consumers > 0 && row.videoPps < FORWARDING_FLOOR * ref) {
    return `video forwarded per consumer fell to ${row.videoPps.toFixed(0)} packets/s (< ${FORWARDING_FLOOR * 100} % of ${ref.toFixed(0)}) with the worker at ${(row.worker * 100).toFixed(1)} %`;
  }
  return null;
}

export function summarize(args: MediaBenchArgs, joins: JoinTiming[], rows: StepRow[]): MediaSummary {
  const first = joins.map((j) => j.firstFrame);
  const linear = rows.filter((r) => r.worker < LINEAR_BELOW).map((r) => ({ x: r.consumers, y: r.worker }));
  const line = fitLine(linear);
  const reached = rows.find((r) => saturated(r, rows, args.saturation) !== null);
  const extrapolated = (args.saturation - line.intercept) / line.slope;
  const atSaturation = reached?.consumers ?? extrapolated;
  return {
    join: {
      medianMs: median(first),
      minMs: Math.min(...first),
      maxMs: Math.max(...first),
      medianFromMediaStartMs: median(joins.map((j) => j.firstFrame - j.mediaStart)),
      medianStatsMs: median(joins.map((j) => j.statsFirstDecoded)),
      pass: median(first) < JOIN_TARGET_MS,
    },
    idleWorkerCpu: rows[0]?.worker ?? Number.NaN,
    costPerConsumer: { coreFraction: line.slope, cpuMicrosPerSec: line.slope * 1e6, r2: line.r2, points: linear.length },
    saturation: {
      measured: reached?.consumers ?? null,
      reason: reached ? saturated(reached, rows, args.saturation) : null,
      extrapolated,
      threshold: args.saturation,
      referenceVideoPps: referenceVideoPps(rows),
    },
    versusMediasoup: atSaturation / MEDIASOUP_QUOTED_CONSUMERS,
  };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

export function renderReport(o: { args: MediaBenchArgs; joins: JoinTiming[]; rows: StepRow[]; recordingOff: boolean; load0: number }): {
  text: string;
  summary: MediaSummary;
} {
  const s = summarize(o.args, o.joins, o.rows);
  const last = o.rows.at(-1);
  const lines = [
    '',
    '=== bench:media ===',
    `join-to-first-frame (Chromium, loopback, ${o.joins.length} joins): median ${ms(s.join.medianMs)} (min ${ms(s.join.minMs)}, max ${ms(s.join.maxMs)}) from page navigation;`,
    `  of which: page loaded ${ms(median(o.joins.map((j) => j.pageLoaded)))}, Socket.IO connect ${ms(median(o.joins.map((j) => j.connected - j.socketStart)))} ` +
      `(socket created at ${ms(median(o.joins.map((j) => j.socketStart)))}), media start → ready ${ms(median(o.joins.map((j) => j.mediaReady - j.mediaStart)))} (server answered ${ms(median(o.joins.map((j) => j.mediaAnswered - j.mediaStart)))}, then device loaded ${ms(median(o.joins.map((j) => j.deviceLoaded - j.mediaAnswered)))}), ready → first frame ${ms(median(o.joins.map((j) => j.firstFrame - j.mediaReady)))}`,
    `  median ${ms(s.join.medianFromMediaStartMs)} from the media session start; stats polling saw the first decoded frame at a median ${ms(s.join.medianStatsMs)}`,
    `  target < ${JOIN_TARGET_MS} ms: ${s.join.pass ? 'PASS' : 'FAIL'}`,
    `worker CPU idle with the publisher only: ${(s.idleWorkerCpu * 100).toFixed(1)} % of a core`,
    `cost per consumer: ${(s.costPerConsumer.coreFraction * 100).toFixed(3)} % of a core = ${s.costPerConsumer.cpuMicrosPerSec.toFixed(0)} µs of CPU per second ` +
      `(least squares over ${s.costPerConsumer.points} steps below ${LINEAR_BELOW * 100} %, r² ${s.costPerConsumer.r2.toFixed(3)})`,
    s.saturation.measured !== null
      ? `saturation reached at ${s.saturation.measured} consumers = ${s.saturation.measured / 2} viewers (audio + video): ${s.saturation.reason}; ` +
        `the line predicts ${s.saturation.extrapolated.toFixed(0)} at ${(s.saturation.threshold * 100).toFixed(0)} %`
      : `saturation not reached (max ${last?.consumers ?? 0} consumers at ${((last?.worker ?? 0) * 100).toFixed(1)} %): extrapolated ${s.saturation.extrapolated.toFixed(0)} consumers = ${(s.saturation.extrapolated / 2).toFixed(0)} viewers at ${(s.saturation.threshold * 100).toFixed(0)} %`,
    `versus mediasoup's quoted ~${MEDIASOUP_QUOTED_CONSUMERS} consumers per worker: ×${s.versusMediasoup.toFixed(2)}`,
    `per consumer the worker forwarded ~${last?.audioPps.toFixed(0) ?? '?'} audio and ~${last?.videoPps.toFixed(0) ?? '?'} video packets/s (last step)`,
    `recording during the run: ${o.recordingOff ? 'off' : 'as configured'}; load average at start ${o.load0.toFixed(2)}`,
  ];
  return { text: lines.join('\n'), summary: s };
}
