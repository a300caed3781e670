// The server clock. Domain modules never call Date.now(): they receive a Clock so tests
// can drive time with a FakeClock and timers stay expressed as server timestamps (ms).

export interface Clock {
  /** Milliseconds since the Unix epoch, on the server clock. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A manually advanced clock for unit tests. */
export class FakeClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 28, 18, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
