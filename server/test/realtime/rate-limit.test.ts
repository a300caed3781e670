import { describe, it, expect } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { TokenBucket } from '../../src/realtime/rate-limit.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(10, 5, clock);
    const burst = Array.from({ length: 8 }, () => bucket.take());
    expect(burst).toEqual([true, true, true, true, true, false, false, false]);
    clock.advance(100); // 10/s => one token per 100 ms
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.advance(10_000); // never more than the burst
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });
});
