// Server time in the browser. The offset between the local clock and the server's is
// estimated NTP-style from several `time:sync` round trips: the samples with the smallest
// round trip are the least disturbed by queuing, and the median of their offsets resists
// one asymmetric outlier. Countdowns are then derived from the floor's server timestamps
// (docs/protocol.md "Timers"), never from a ticking counter, so they cannot drift.
import { spokenAt } from '../../../server/src/protocol/folds/timing.ts';
import type { Floor, TimeSyncReply } from './view-types.ts';

export interface SyncSample {
  /** server clock − local clock, ms. */
  offset: number;
  /** Network round trip, server processing excluded, ms. */
  roundTrip: number;
}

/** One sample from a `time:sync` reply received locally at `t3`. */
export function sampleFrom(reply: TimeSyncReply, t3: number): SyncSample {
  const { t0, t1, t2 } = reply;
  return { offset: (t1 - t0 + (t2 - t3)) / 2, roundTrip: t3 - t0 - (t2 - t1) };
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Offset from several samples: keep the `keep` samples with the smallest round trip
 * (default: the better half, at least one), and take the median of their offsets.
 * Returns null without samples.
 */
export function estimateOffset(samples: readonly SyncSample[], keep?: number): number | null {
  const valid = samples.filter((s) => Number.isFinite(s.offset) && Number.isFinite(s.roundTrip) && s.roundTrip >= 0);
  if (valid.length === 0) return null;
  const n = Math.max(1, Math.min(valid.length, keep ?? Math.ceil(valid.length / 2)));
  const best = [...valid].sort((a, b) => a.roundTrip - b.roundTrip).slice(0, n);
  return median(best.map((s) => s.offset).sort((a, b) => a - b));
}

/** The local clock corrected by the estimated offset. */
export class ServerClock {
  private offsetMs = 0;
  private samples: SyncSample[] = [];
  private synced = false;

  constructor(
    private readonly localNow: () => number = () => Date.now(),
    /** How many recent samples to keep across syncs. */
    private readonly window = 16,
  ) {}

  get offset(): number {
    return this.offsetMs;
  }

  /** True once at least one time:sync sample was taken. */
  get isSynced(): boolean {
    return this.synced;
  }

  /** Server time now, ms since the epoch. */
  now(): number {
    return this.localNow() + this.offsetMs;
  }

  /**
   * A first rough estimate from a snapshot's `serverTime` (off by the one-way delay),
   * used only until a real sync has happened.
   */
  hint(serverTime: number): void {
    if (!this.synced) this.offsetMs = serverTime - this.localNow();
  }

  addSample(sample: SyncSample): void {
    this.samples = [...this.samples, sample].slice(-this.window);
    const offset = estimateOffset(this.samples);
    if (offset !== null) {
      this.offsetMs = offset;
      this.synced = true;
    }
  }

  /** Forget past samples (after a reconnection the path may have changed). */
  reset(): void {
    this.samples = [];
    this.synced = false;
  }
}

type FloorTiming = Pick<Floor, 'allottedMs' | 'accumulatedMs' | 'runningSince' | 'deadline' | 'pausedRemainingMs'>;

/** Remaining speaking time at server time `serverNow` (negative in soft overtime). */
export function floorRemainingMs(floor: FloorTiming, serverNow: number): number {
  if (floor.deadline === null || floor.runningSince === null) {
    return floor.pausedRemainingMs ?? floor.allottedMs - floor.accumulatedMs;
  }
  return floor.deadline - serverNow;
}

/** Time spoken so far in this turn, pauses excluded (the server's own arithmetic). */
export function floorSpokenMs(floor: FloorTiming, serverNow: number): number {
  return spokenAt(floor, serverNow);
}

export function floorPaused(floor: FloorTiming): boolean {
  return floor.runningSince === null;
}

export type CountdownLevel = 'normal' | 'warning' | 'critical' | 'over';

/**
 * Colour level of a countdown against the debate's warning thresholds (seconds): below
 * the largest threshold it warns, below the smallest it is critical, at zero it is over.
 */
export function countdownLevel(remainingMs: number, warningSeconds: readonly number[]): CountdownLevel {
  if (remainingMs <= 0) return 'over';
  if (warningSeconds.length === 0) return 'normal';
  const max = Math.max(...warningSeconds) * 1000;
  const min = Math.min(...warningSeconds) * 1000;
  if (remainingMs <= min) return 'critical';
  if (remainingMs <= max) return 'warning';
  return 'normal';
}

/** `m:ss` (or `h:mm:ss`) of a duration; negative durations get a leading minus. */
export function formatDuration(ms: number, roundUp = true): string {
  const abs = Math.abs(ms);
  const total = roundUp && ms > 0 ? Math.ceil(abs / 1000) : Math.floor(abs / 1000);
  const sign = ms < 0 && total > 0 ? '-' : '';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}
