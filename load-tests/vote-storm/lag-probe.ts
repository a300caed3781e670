// Event-loop lag of the bench process: a timer every `periodMs` records how late it
// fired. Long stalls show as large samples, so a high p99 says the client, not the
// server, held the acks back. (perf_hooks' histogram misses a stall that starts before
// its first tick, which is exactly the burst loop.)
import { summarize, type LatencySummary } from './stats.ts';

export interface LagProbe {
  stop(): LatencySummary;
}

export function startLagProbe(periodMs = 5): LagProbe {
  const samples: number[] = [];
  let last = performance.now();
  const record = (): void => {
    const now = performance.now();
    samples.push(Math.max(0, now - last - periodMs));
    last = now;
  };
  const timer = setInterval(record, periodMs);
  return {
    stop() {
      clearInterval(timer);
      record();
      return summarize(samples);
    },
  };
}
