// Latency statistics for the vote-storm benchmark: nearest-rank percentiles over
// millisecond samples, computed once at the end so the hot path only appends numbers.

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending-sorted array; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index]!;
}

export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** Gaps between consecutive timestamps (ms), e.g. how often tallies arrived. */
export function intervals(timestamps: readonly number[]): LatencySummary {
  const gaps: number[] = [];
  for (let i = 1; i < timestamps.length; i++) gaps.push(timestamps[i]! - timestamps[i - 1]!);
  return summarize(gaps);
}

/** Round for display and JSON: 0.1 ms resolution is plenty for loopback latencies. */
export function round1(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : value;
}
