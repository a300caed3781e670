// Clock offset estimation and countdown arithmetic from server timestamps.
import { describe, expect, it } from 'vitest';
import {
  ServerClock,
  countdownLevel,
  estimateOffset,
  floorPaused,
  floorRemainingMs,
  floorSpokenMs,
  formatDuration,
  sampleFrom,
} from '../../src/lib/clock.ts';

describe('time:sync samples', () => {
  it('computes offset and round trip NTP-style', () => {
    // Server 1000 ms ahead; 40 ms each way; 2 ms of server processing.
    const s = sampleFrom({ t0: 10_000, t1: 11_040, t2: 11_042 }, 10_082);
    expect(s).toEqual({ offset: 1000, roundTrip: 80 });
  });

  it('keeps the fastest round trips and takes the median of their offsets', () => {
    const samples = [
      { offset: 1000, roundTrip: 10 },
      { offset: 1004, roundTrip: 12 },
      { offset: 998, roundTrip: 11 },
      // Slow, asymmetric samples that would pull a plain mean far away.
      { offset: 1400, roundTrip: 600 },
      { offset: 700, roundTrip: 500 },
      { offset: 1300, roundTrip: 400 },
    ];
    expect(estimateOffset(samples)).toBe(1000);
    expect(estimateOffset(samples, 2)).toBe(999);
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ offset: Number.NaN, roundTrip: 1 }, { offset: 5, roundTrip: -1 }])).toBeNull();
  });

  it('ServerClock starts from the snapshot hint and switches to measured samples', () => {
    let local = 50_000;
    const clock = new ServerClock(() => local);
    clock.hint(60_000);
    expect(clock.now()).toBe(60_000);
    clock.addSample({ offset: 9_990, roundTrip: 5 });
    expect(clock.isSynced).toBe(true);
    clock.hint(1);
    expect(clock.offset).toBe(9_990);
    local += 500;
    expect(clock.now()).toBe(60_490);
    clock.reset();
    expect(clock.isSynced).toBe(false);
  });

  it('keeps a bounded window of recent samples', () => {
    const clock = new ServerClock(() => 0, 3);
    for (const offset of [100, 100, 100, 5, 5, 5]) clock.addSample({ offset, roundTrip: 1 });
    expect(clock.offset).toBe(5);
  });
});

describe('countdown from the floor timestamps', () => {
  const running = { allottedMs: 60_000, accumulatedMs: 10_000, runningSince: 1_000, deadline: 51_000, pausedRemainingMs: null };
  const paused = { allottedMs: 60_000, accumulatedMs: 25_000, runningSince: null, deadline: null, pausedRemainingMs: 35_000 };

  it('running: deadline − server now; spoken = accumulated + running segment', () => {
    expect(floorRemainingMs(running, 21_000)).toBe(30_000);
    expect(floorSpokenMs(running, 21_000)).toBe(30_000);
    expect(floorRemainingMs(running, 60_000)).toBe(-9_000);
    expect(floorPaused(running)).toBe(false);
  });

  it('paused: frozen at pausedRemainingMs, whatever the time', () => {
    expect(floorRemainingMs(paused, 1)).toBe(35_000);
    expect(floorRemainingMs(paused, 9_999_999)).toBe(35_000);
    expect(floorSpokenMs(paused, 9_999_999)).toBe(25_000);
    expect(floorPaused(paused)).toBe(true);
  });

  it('colour levels follow the warning thresholds', () => {
    expect(countdownLevel(45_000, [30, 10])).toBe('normal');
    expect(countdownLevel(30_000, [30, 10])).toBe('warning');
    expect(countdownLevel(9_000, [30, 10])).toBe('critical');
    expect(countdownLevel(0, [30, 10])).toBe('over');
    expect(countdownLevel(5_000, [])).toBe('normal');
  });

  it('formats durations, rounding a running countdown up', () => {
    expect(formatDuration(59_001)).toBe('1:00');
    expect(formatDuration(59_000)).toBe('0:59');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-61_000)).toBe('-1:01');
    expect(formatDuration(-400)).toBe('0:00');
    expect(formatDuration(59_999, false)).toBe('0:59');
  });
});
